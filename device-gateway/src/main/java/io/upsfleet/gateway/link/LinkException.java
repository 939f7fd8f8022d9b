package io.upsfleet.gateway.link;

/** The line to a UPS could not be opened or broke (as opposed to a UPS that is silent or talks nonsense). */
public class LinkException extends RuntimeException {

    /** What went wrong, because each calls for something else: only a failed connect is a reason to back off. */
    public enum Kind {
        /** The line could not be opened (connection refused or timed out, serial port missing or busy). */
        CONNECT,
        /**
         * The far end closed an open session while a request waited for its reply. Device servers do that
         * after an idle timeout or after every reply; a query is simply sent again on a new session.
         */
        ENDED,
        /** Anything else: a write failed, a reply far too long, an I/O error. */
        BROKEN
    }

    private final Kind kind;

    public LinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public LinkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LinkException(String message, Throwable cause) {
        this(Kind.BROKEN, message, cause);
    }

    public LinkException(String message) {
        this(Kind.BROKEN, message);
    }

    public Kind kind() {
        return kind;
    }

    /** {@code error} is a link failure of {@code kind}. */
    public static boolean is(Throwable error, Kind kind) {
        return error instanceof LinkException e && e.kind == kind;
    }
}
