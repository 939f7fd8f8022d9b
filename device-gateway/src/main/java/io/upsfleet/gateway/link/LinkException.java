package io.upsfleet.gateway.link;

/** The line to a UPS could not be opened or broke (as opposed to a UPS that is silent or talks nonsense). */
public class LinkException extends RuntimeException {

    public LinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public LinkException(String message) {
        super(message);
    }
}
