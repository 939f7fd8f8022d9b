package io.upsfleet.contracts.alerting;

/**
 * Body of {@code POST /api/alerts/{id}/ack} on alert-service.
 *
 * @param by the authenticated user who acknowledges (1..200 characters); web-api sets it
 */
public record AlertAck(String by) {

    public static final int MAX_BY_LENGTH = 200;
}
