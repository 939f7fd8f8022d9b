package io.upsfleet.alert.outbox;

import io.upsfleet.alert.channel.Notice;
import io.upsfleet.alert.db.Jdbc;
import io.upsfleet.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The outbox tables (alert_outbox, alert_delivery_attempt). Rows are written in the transaction of the
 * state change that causes them, and claimed by a sender with {@code FOR UPDATE SKIP LOCKED} plus a lease,
 * so concurrent senders (replicas) never take the same row and a row of a crashed sender is taken again
 * once its lease ends.
 */
@ApplicationScoped
public class OutboxStore {

    public record Row(long id, UUID alertId, String kind, String ruleName, String channel, String recipient,
                      String payload, int attempts) {
        public Notice notice() {
            return Json.parse(payload, Notice.class);
        }
    }

    @Inject
    Jdbc jdbc;

    /**
     * Adds one delivery in the caller's transaction; the same (alert, kind, channel, recipient) is never
     * queued twice. Returns whether it was added.
     */
    public boolean enqueue(Notice notice, Target target) {
        return jdbc.update("""
                INSERT INTO alert_outbox (alert_id, kind, rule_name, channel, recipient, payload)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, kind, channel, recipient) DO NOTHING""",
                notice.alertId(), notice.kind(), target.rule(), target.channel(), target.recipient(),
                Json.toString(notice)) == 1;
    }

    /** Everyone who was queued a notice of one of {@code kinds} about the alert. */
    public List<Target> told(UUID alertId, Set<Notice.Kind> kinds) {
        return jdbc.list("SELECT DISTINCT rule_name, channel, recipient FROM alert_outbox WHERE alert_id = ? AND kind = ANY (?)",
                rs -> new Target(rs.getString(1), rs.getString(2), rs.getString(3)), alertId, kinds);
    }

    /** Claims up to {@code limit} rows due at {@code now} for {@code claimer}. */
    public List<Row> claim(String claimer, int limit, Duration lease, Instant now) {
        return claim(claimer, limit, lease, now, null);
    }

    /**
     * As {@link #claim(String, int, Duration, Instant)}, only rows of one channel if {@code channel} is set.
     * Committed on its own before anything is sent, whoever calls it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Row> claim(String claimer, int limit, Duration lease, Instant now, String channel) {
        List<Row> rows = jdbc.list("""
                UPDATE alert_outbox o SET status = 'SENDING', claimed_by = ?, claim_until = ?
                WHERE o.id IN (
                    SELECT id FROM alert_outbox
                    WHERE ((status = 'PENDING' AND next_attempt_at <= ?)
                        OR (status = 'SENDING' AND claim_until <= ?))
                      AND (?::text IS NULL OR channel = ?)
                    ORDER BY next_attempt_at, id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING o.id, o.alert_id, o.kind, o.rule_name, o.channel, o.recipient, o.payload, o.attempts""",
                rs -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8)),
                claimer, now.plus(lease), now, now, channel, channel, limit);
        rows.sort(Comparator.comparingLong(Row::id));
        return rows;
    }

    @Transactional
    public void markSent(Row row, String claimer, long durationMs) {
        // Only the current claimer may finish a row (a sender whose lease ran out must not overwrite).
        jdbc.first("""
                UPDATE alert_outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1,
                       last_error = NULL, claimed_by = NULL, claim_until = NULL
                WHERE id = ? AND claimed_by = ? AND status = 'SENDING' RETURNING attempts""",
                rs -> rs.getInt(1), row.id(), claimer)
                .ifPresent(attempt -> recordAttempt(row, attempt, claimer, true, durationMs, null));
    }

    @Transactional
    public void markFailed(Row row, String claimer, String error, Instant retryAt, long durationMs) {
        jdbc.first("""
                UPDATE alert_outbox SET status = 'PENDING', next_attempt_at = ?, attempts = attempts + 1,
                       last_error = ?, claimed_by = NULL, claim_until = NULL
                WHERE id = ? AND claimed_by = ? AND status = 'SENDING' RETURNING attempts""",
                rs -> rs.getInt(1), retryAt, error, row.id(), claimer)
                .ifPresent(attempt -> recordAttempt(row, attempt, claimer, false, durationMs, error));
    }

    private void recordAttempt(Row row, int attempt, String claimer, boolean ok, long durationMs, String error) {
        jdbc.update("""
                INSERT INTO alert_delivery_attempt (outbox_id, attempt, claimed_by, ok, duration_ms, error)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                row.id(), attempt, claimer, ok, durationMs, error);
    }
}
