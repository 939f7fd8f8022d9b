package io.upsfleet.contracts;

/**
 * A payload or id that breaks the contract. The message says what is wrong, for logs and dead letters; it
 * may quote the offending input, so it is made printable and bounded here (a reason that quotes a NUL must
 * itself be storable).
 */
public class InvalidPayloadException extends IllegalArgumentException {

    /** Longest message kept: enough to say what is wrong, never a whole payload. */
    public static final int MESSAGE_MAX = 1000;

    public InvalidPayloadException(String message) {
        super(Text.printable(message, MESSAGE_MAX));
    }

    public InvalidPayloadException(String message, Throwable cause) {
        super(Text.printable(message, MESSAGE_MAX), cause);
    }
}
