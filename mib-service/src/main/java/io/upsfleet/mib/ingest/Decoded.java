package io.upsfleet.mib.ingest;

/** A received message after decoding: either its valid payload or why it is a dead letter. */
record Decoded(Inbound inbound, Object payload, String error) {

    boolean valid() {
        return error == null;
    }

    @SuppressWarnings("unchecked")
    <T> T as(Class<T> type) {
        return (T) payload;
    }
}
