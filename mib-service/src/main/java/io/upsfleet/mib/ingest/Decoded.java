package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.UpsPayload;

/** A received message after decoding: either its valid payload or why it is a dead letter. */
record Decoded(Inbound inbound, UpsPayload payload, String error) {

    boolean valid() {
        return error == null;
    }

    /** The payload as the type its channel carries ({@link IngestChannel#payloadType}). */
    <T extends UpsPayload> T as(Class<T> type) {
        return type.cast(payload);
    }
}
