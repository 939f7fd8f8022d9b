package io.upsfleet.alert.protect;

import io.upsfleet.alert.db.Jdbc;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.alerting.ProtectStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The protective-action tables, protect_sequence and protect_event; every method runs in the caller's transaction. */
@ApplicationScoped
public class ProtectRepository {

    private static final String SEQUENCE = "SELECT notice_id, ups_id, state, notice_action, started_at, grace_until,"
            + " grace_seconds, shutdown_minutes, restore_minutes, notice_published, nut_hosts_at_start FROM protect_sequence";
    /**
     * A sequence may have work: a notice to publish, a command whose grace time is over, or a command that
     * waits for the NUT hosts it started with to log out ({@link ProtectPolicy#next} decides).
     */
    private static final String DUE = "(NOT notice_published OR (state = 'GRACE' AND (grace_until <= ? OR nut_hosts_at_start > 0)))";

    @Inject
    Jdbc jdbc;

    /** The UPS's sequence in GRACE or COMMANDED (at most one), locked. */
    public Optional<Sequence> lockActive(String upsId) {
        return jdbc.first(SEQUENCE + " WHERE ups_id = ? AND state IN ('GRACE', 'COMMANDED') FOR UPDATE",
                ProtectRepository::sequence, upsId);
    }

    /** Ids of sequences with work due, oldest first (not locked: {@link #lockIfDue} takes each one). */
    public List<String> dueIds(Instant now, int limit) {
        return jdbc.list("SELECT notice_id FROM protect_sequence WHERE " + DUE + " ORDER BY started_at LIMIT ?",
                rs -> rs.getString(1), now, limit);
    }

    /** The sequence if it still has work due and no other replica holds it, locked. */
    public Optional<Sequence> lockIfDue(String noticeId, Instant now) {
        return jdbc.first(SEQUENCE + " WHERE notice_id = ? AND " + DUE + " FOR UPDATE SKIP LOCKED",
                ProtectRepository::sequence, noticeId, now);
    }

    public void insert(Sequence s) {
        jdbc.update("""
                INSERT INTO protect_sequence (notice_id, ups_id, state, started_at, grace_until, grace_seconds,
                    shutdown_minutes, restore_minutes, notice_action, notice_published, nut_hosts_at_start)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                s.noticeId(), s.upsId(), s.state(), s.startedAt(), s.graceUntil(), s.graceSeconds(),
                s.shutdownMinutes(), s.restoreMinutes(), s.noticeAction(), s.noticePublished(), s.nutHostsAtStart());
    }

    /** Ends a sequence; its notice becomes CANCELLED, to be published. */
    public void end(String noticeId, Sequence.State state, Instant at) {
        jdbc.update("""
                UPDATE protect_sequence SET state = ?, notice_action = 'CANCELLED', notice_published = false, ended_at = ?
                WHERE notice_id = ?""", state, at, noticeId);
    }

    public void markPublished(String noticeId) {
        jdbc.update("UPDATE protect_sequence SET notice_published = true WHERE notice_id = ?", noticeId);
    }

    public void markCommanded(String noticeId, String commandId) {
        jdbc.update("UPDATE protect_sequence SET state = 'COMMANDED', command_id = ? WHERE notice_id = ?", commandId, noticeId);
    }

    /** Adds a step to the protective-action log. */
    public void record(String noticeId, String upsId, String step, String detail) {
        jdbc.update("INSERT INTO protect_event (notice_id, ups_id, step, detail) VALUES (?, ?, ?, ?)",
                noticeId, upsId, step, detail);
    }

    /** The log, of one UPS if {@code upsId} is set, newest first. */
    public List<ProtectStep> events(String upsId, int limit) {
        return jdbc.list("""
                SELECT id, notice_id, ups_id, at, step, detail FROM protect_event
                WHERE (?::text IS NULL OR ups_id = ?) ORDER BY id DESC LIMIT ?""",
                rs -> new ProtectStep(rs.getLong("id"), rs.getString("notice_id"), rs.getString("ups_id"),
                        Jdbc.instant(rs, "at"), rs.getString("step"), rs.getString("detail")),
                upsId, upsId, limit);
    }

    private static Sequence sequence(ResultSet rs) throws SQLException {
        return new Sequence(rs.getString("notice_id"), rs.getString("ups_id"), Sequence.State.valueOf(rs.getString("state")),
                HostShutdownNotice.Action.valueOf(rs.getString("notice_action")), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "grace_until"), rs.getInt("grace_seconds"), rs.getDouble("shutdown_minutes"),
                rs.getInt("restore_minutes"), rs.getBoolean("notice_published"), rs.getInt("nut_hosts_at_start"));
    }
}
