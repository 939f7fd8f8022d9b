package io.upsfleet.gateway.megatec;

/** A reply that is not a well-formed Megatec frame. The whole reply is rejected, never half used. */
public class MegatecParseException extends Exception {

    public MegatecParseException(String message) {
        super(message);
    }
}
