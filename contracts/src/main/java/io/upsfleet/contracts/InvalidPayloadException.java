package io.upsfleet.contracts;

/** A payload or id that breaks the contract. The message says what is wrong, for logs and dead letters. */
public class InvalidPayloadException extends IllegalArgumentException {

    public InvalidPayloadException(String message) {
        super(message);
    }

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
