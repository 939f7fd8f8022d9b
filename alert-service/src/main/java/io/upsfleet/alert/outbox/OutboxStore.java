package io.upsfleet.alert.outbox;

import io.upsfleet.alert.channel.Notice;
import io.upsfleet.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox table. Rows are written in the transaction of the state change that causes them, and
 * claimed by a sender with {@code FOR UPDATE SKIP LOCKED} plus a lease, so concurrent senders (replicas)
 * never take the same row and a row of a crashed sender is taken again once its lease ends.
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
    DataSource dataSource;

    /** Adds one delivery; the same (alert, kind, channel, recipient) is never queued twice. */
    public boolean enqueue(Connection c, Notice notice, String ruleName, String channel, String recipient) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_outbox (alert_id, kind, rule_name, channel, recipient, payload)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, kind, channel, recipient) DO NOTHING""")) {
            ps.setObject(1, notice.alertId());
            ps.setString(2, notice.kind().name());
            ps.setString(3, ruleName);
            ps.setString(4, channel);
            ps.setString(5, recipient == null ? "" : recipient);
            ps.setString(6, Json.toString(notice));
            return ps.executeUpdate() == 1;
        }
    }

    /** Claims up to {@code limit} rows due at {@code now} for {@code claimer}, committed before sending. */
    public List<Row> claim(String claimer, int limit, Duration lease, Instant now) {
        return claim(claimer, limit, lease, now, null);
    }

    /** As {@link #claim(String, int, Duration, Instant)}, only rows of one channel if {@code channel} is set. */
    public List<Row> claim(String claimer, int limit, Duration lease, Instant now, String channel) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     UPDATE alert_outbox o SET status = 'SENDING', claimed_by = ?, claim_until = ?
                     WHERE o.id IN (
                         SELECT id FROM alert_outbox
                         WHERE ((status = 'PENDING' AND next_attempt_at <= ?)
                             OR (status = 'SENDING' AND claim_until <= ?))
                           AND (?::text IS NULL OR channel = ?)
                         ORDER BY next_attempt_at, id
                         LIMIT ?
                         FOR UPDATE SKIP LOCKED)
                     RETURNING o.id, o.alert_id, o.kind, o.rule_name, o.channel, o.recipient, o.payload, o.attempts""")) {
            c.setAutoCommit(true);
            Timestamp at = Timestamp.from(now);
            ps.setString(1, claimer);
            ps.setTimestamp(2, Timestamp.from(now.plus(lease)));
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, at);
            ps.setString(5, channel);
            ps.setString(6, channel);
            ps.setInt(7, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8)));
                }
            }
            rows.sort((a, b) -> Long.compare(a.id(), b.id()));
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("outbox claim failed: " + e.getMessage(), e);
        }
    }

    public void markSent(Row row, String claimer, long durationMs) {
        finish(row, claimer, true, null, null, durationMs);
    }

    public void markFailed(Row row, String claimer, String error, Instant retryAt, long durationMs) {
        finish(row, claimer, false, error, retryAt, durationMs);
    }

    private void finish(Row row, String claimer, boolean ok, String error, Instant retryAt, long durationMs) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int attempt;
            // Only the current claimer may finish a row (a sender whose lease ran out must not overwrite).
            try (PreparedStatement ps = c.prepareStatement(ok
                    ? """
                      UPDATE alert_outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1,
                             last_error = NULL, claimed_by = NULL, claim_until = NULL
                      WHERE id = ? AND claimed_by = ? AND status = 'SENDING' RETURNING attempts"""
                    : """
                      UPDATE alert_outbox SET status = 'PENDING', next_attempt_at = ?, attempts = attempts + 1,
                             last_error = ?, claimed_by = NULL, claim_until = NULL
                      WHERE id = ? AND claimed_by = ? AND status = 'SENDING' RETURNING attempts""")) {
                int i = 1;
                if (!ok) {
                    ps.setTimestamp(i++, Timestamp.from(retryAt));
                    ps.setString(i++, error);
                }
                ps.setLong(i++, row.id());
                ps.setString(i, claimer);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return;
                    }
                    attempt = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_delivery_attempt (outbox_id, attempt, claimed_by, ok, duration_ms, error)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                ps.setLong(1, row.id());
                ps.setInt(2, attempt);
                ps.setString(3, claimer);
                ps.setBoolean(4, ok);
                ps.setLong(5, durationMs);
                ps.setString(6, error);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox update failed: " + e.getMessage(), e);
        }
    }
}
