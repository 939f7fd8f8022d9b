package io.upsfleet.contracts.alerting;

import java.time.Instant;

/**
 * One step of a protective-shutdown sequence (STARTED, NOTICE_SHUTDOWN, COMMAND_SENT, CANCELLED,
 * NOTICE_CANCELLED, MAINS_RESTORED), as {@code GET /api/protect/events} returns it.
 */
public record ProtectStep(long id, String noticeId, String upsId, Instant at, String step, String detail) {
}
