package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.UpsPayload;

/**
 * A received message after decoding: either its valid payload or why it is a dead letter.
 * {@code clockSkewOf} names the sender (gateway id, or "-") when the message was refused for its timestamp.
 */
record Decoded(Inbound inbound, UpsPayload payload, String error, String clockSkewOf) {

    static Decoded valid(Inbound inbound, UpsPayload payload) {
        return new Decoded(inbound, payload, null, null);
    }

    static Decoded deadLetter(Inbound inbound, String error) {
        return new Decoded(inbound, null, error, null);
    }

    boolean valid() {
        return error == null;
    }

    /** The payload as the type its channel carries ({@link IngestChannel#payloadType}). */
    <T extends UpsPayload> T as(Class<T> type) {
        return type.cast(payload);
    }
}
