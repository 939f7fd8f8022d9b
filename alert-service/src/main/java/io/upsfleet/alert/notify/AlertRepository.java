package io.upsfleet.alert.notify;

import io.upsfleet.alert.db.Jdbc;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.alerting.AlertState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The alert tables: alert, alarm_track, alarm_transition, alert_event_seen. Every method runs in the
 * caller's transaction; the {@code lock...} methods take row locks ({@code FOR UPDATE}) that hold until it
 * ends, the {@code lockDue...} ones skip rows another replica holds ({@code SKIP LOCKED}), so replicas
 * share the due work instead of waiting for each other.
 */
@ApplicationScoped
public class AlertRepository {

    private static final String ALERT = "SELECT alert_id, ups_id, alarm, severity, message, site, tags, state, raised_at,"
            + " notify_at, notified_at, cleared_at, acked_at, acked_by, escalated_at, escalation_due_at FROM alert";
    private static final String TRACK_COLUMNS = "ups_id, alarm, raised, flapping, severity, message, last_edge_ts,"
            + " last_transition_at, flap_alert_id";
    private static final String TRACK = "SELECT " + TRACK_COLUMNS + " FROM alarm_track";
    /** The track row (the one locked) and its transitions since a moment. */
    private static final String TRACK_WITH_TRANSITIONS = "SELECT t." + TRACK_COLUMNS.replace(", ", ", t.")
            + ", (SELECT count(*) FROM alarm_transition x WHERE x.ups_id = t.ups_id AND x.alarm = t.alarm AND x.at >= ?)"
            + " AS transitions FROM alarm_track t";

    @Inject
    Jdbc jdbc;

    // --- alert_event_seen

    /** Remembers an edge's event id; false if it was seen before (a redelivery). */
    public boolean rememberEvent(String eventId, String upsId) {
        return jdbc.update("INSERT INTO alert_event_seen (event_id, ups_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                eventId, upsId) == 1;
    }

    public int forgetEventsReceivedBefore(Instant before) {
        return jdbc.update("DELETE FROM alert_event_seen WHERE received_at < ?", before);
    }

    // --- alarm_track, alarm_transition

    /** A locked track, with the edges taken since a moment (read in the same statement). */
    public record LockedTrack(Track track, int transitionsSince) {
    }

    /**
     * The track of a condition (created clear if it has none), locked: the edges of one condition queue
     * here. Also counts its transitions since {@code since} (for flap detection).
     */
    public LockedTrack lockTrack(Condition c, Instant since) {
        jdbc.update("INSERT INTO alarm_track (ups_id, alarm) VALUES (?, ?) ON CONFLICT DO NOTHING", c.upsId(), c.alarm());
        return jdbc.first(TRACK_WITH_TRANSITIONS + " WHERE t.ups_id = ? AND t.alarm = ? FOR UPDATE",
                rs -> new LockedTrack(track(rs), rs.getInt("transitions")), since, c.upsId(), c.alarm()).orElseThrow();
    }

    /** Flapping conditions without an edge since {@code quietSince}, locked. */
    public List<Track> lockDueFlapEnds(Instant quietSince, int limit) {
        return jdbc.list(TRACK + " WHERE flapping AND last_transition_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED",
                AlertRepository::track, quietSince, limit);
    }

    /** The alarms a UPS has raised right now (as its edges say). */
    public Set<AlarmType> raisedAlarms(String upsId) {
        Set<AlarmType> raised = EnumSet.noneOf(AlarmType.class);
        raised.addAll(jdbc.list("SELECT alarm FROM alarm_track WHERE ups_id = ? AND raised",
                rs -> AlarmType.valueOf(rs.getString(1)), upsId));
        return raised;
    }

    public void trackEdge(Effect.TrackEdge e) {
        jdbc.update("""
                UPDATE alarm_track SET raised = ?, severity = ?, message = ?, last_edge_ts = ?, last_transition_at = ?
                WHERE ups_id = ? AND alarm = ?""",
                e.raised(), e.severity(), e.message(), e.edgeTs(), e.at(), e.condition().upsId(), e.condition().alarm());
    }

    public void startFlapping(Condition c, UUID flapAlertId) {
        jdbc.update("UPDATE alarm_track SET flapping = true, flap_alert_id = ? WHERE ups_id = ? AND alarm = ?",
                flapAlertId, c.upsId(), c.alarm());
    }

    public void stopFlapping(Condition c) {
        jdbc.update("UPDATE alarm_track SET flapping = false, flap_alert_id = NULL WHERE ups_id = ? AND alarm = ?",
                c.upsId(), c.alarm());
        jdbc.update("DELETE FROM alarm_transition WHERE ups_id = ? AND alarm = ?", c.upsId(), c.alarm());
    }

    /** Records a transition and forgets those that no longer count, in one statement. */
    public void countTransition(Effect.CountTransition t) {
        Condition c = t.condition();
        jdbc.update("""
                WITH forgotten AS (DELETE FROM alarm_transition WHERE ups_id = ? AND alarm = ? AND at < ?)
                INSERT INTO alarm_transition (ups_id, alarm, at) VALUES (?, ?, ?)""",
                c.upsId(), c.alarm(), t.forgetBefore(), c.upsId(), c.alarm(), t.at());
    }

    // --- alert

    public Optional<AlertRow> find(UUID alertId) {
        return jdbc.first(ALERT + " WHERE alert_id = ?", AlertRepository::alert, alertId);
    }

    public Optional<AlertRow> lock(UUID alertId) {
        return jdbc.first(ALERT + " WHERE alert_id = ? FOR UPDATE", AlertRepository::alert, alertId);
    }

    /** The condition's PENDING or OPEN alert (there is at most one), locked. */
    public Optional<AlertRow> lockOpenAlert(Condition c) {
        return jdbc.first(ALERT + " WHERE ups_id = ? AND alarm = ? AND state IN ('PENDING', 'OPEN') FOR UPDATE",
                AlertRepository::alert, c.upsId(), c.alarm());
    }

    public List<AlertRow> lockDuePending(Instant now, int limit) {
        return jdbc.list(ALERT + " WHERE state = 'PENDING' AND notify_at <= ? ORDER BY notify_at LIMIT ? FOR UPDATE SKIP LOCKED",
                AlertRepository::alert, now, limit);
    }

    public List<AlertRow> lockDueEscalations(Instant now, int limit) {
        return jdbc.list(ALERT + " WHERE state = 'OPEN' AND acked_at IS NULL AND escalated_at IS NULL"
                        + " AND escalation_due_at IS NOT NULL AND escalation_due_at <= ?"
                        + " ORDER BY escalation_due_at LIMIT ? FOR UPDATE SKIP LOCKED",
                AlertRepository::alert, now, limit);
    }

    /** Alerts in one of {@code states}, of one UPS if {@code upsId} is set, newest first. */
    public List<AlertRow> list(Set<AlertState> states, String upsId, int limit) {
        return jdbc.list(ALERT + " WHERE state = ANY (?) AND (?::text IS NULL OR ups_id = ?) ORDER BY raised_at DESC LIMIT ?",
                AlertRepository::alert, states, upsId, upsId, limit);
    }

    /** Adds an alert; a second PENDING or OPEN alert of one condition is never added (unique index). */
    public void create(AlertRow a) {
        jdbc.update("""
                INSERT INTO alert (alert_id, ups_id, alarm, severity, message, site, tags, state, raised_at, notify_at,
                                   notified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (ups_id, alarm) WHERE state IN ('PENDING', 'OPEN') DO NOTHING""",
                a.alertId(), a.upsId(), a.alarm(), a.severity(), a.message(), a.site(), a.tags(), a.state(),
                a.raisedAt(), a.notifyAt(), a.notifiedAt());
    }

    public void open(UUID alertId, Instant notifiedAt, Instant escalationDueAt) {
        jdbc.update("UPDATE alert SET state = 'OPEN', notified_at = ?, escalation_due_at = ? WHERE alert_id = ?",
                notifiedAt, escalationDueAt, alertId);
    }

    public void end(UUID alertId, AlertState from, AlertState to, Instant at) {
        jdbc.update("UPDATE alert SET state = ?, cleared_at = ? WHERE alert_id = ? AND state = ?", to, at, alertId, from);
    }

    public void markEscalated(UUID alertId, Instant at) {
        jdbc.update("UPDATE alert SET escalated_at = ? WHERE alert_id = ?", at, alertId);
    }

    public void acknowledge(UUID alertId, String by, Instant at) {
        jdbc.update("UPDATE alert SET acked_at = ?, acked_by = ? WHERE alert_id = ? AND acked_at IS NULL", at, by, alertId);
    }

    private static Track track(ResultSet rs) throws SQLException {
        String severity = rs.getString("severity");
        return new Track(new Condition(rs.getString("ups_id"), AlarmType.valueOf(rs.getString("alarm"))),
                rs.getBoolean("raised"), rs.getBoolean("flapping"), severity == null ? null : Severity.valueOf(severity),
                rs.getString("message"), Jdbc.instant(rs, "last_edge_ts"), Jdbc.instant(rs, "last_transition_at"),
                rs.getObject("flap_alert_id", UUID.class));
    }

    private static AlertRow alert(ResultSet rs) throws SQLException {
        return new AlertRow(rs.getObject("alert_id", UUID.class), rs.getString("ups_id"),
                AlarmType.valueOf(rs.getString("alarm")), Severity.valueOf(rs.getString("severity")),
                rs.getString("message"), rs.getString("site"), Jdbc.strings(rs, "tags"),
                AlertState.valueOf(rs.getString("state")), Jdbc.instant(rs, "raised_at"), Jdbc.instant(rs, "notify_at"),
                Jdbc.instant(rs, "notified_at"), Jdbc.instant(rs, "cleared_at"), Jdbc.instant(rs, "acked_at"),
                rs.getString("acked_by"), Jdbc.instant(rs, "escalated_at"), Jdbc.instant(rs, "escalation_due_at"));
    }
}
