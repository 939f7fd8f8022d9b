package io.upsfleet.alert.notify;

import io.upsfleet.alert.metrics.Counts;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.Worker;
import io.upsfleet.alert.channel.Channels;
import io.upsfleet.alert.channel.Notice;
import io.upsfleet.alert.outbox.OutboxStore;
import io.upsfleet.alert.protect.ProtectiveActions;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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
import java.util.Optional;
import java.util.UUID;

/**
 * Turns alarm edges into alerts and queued notices: de-duplication (eventId, and the open state of a
 * (UPS, alarm)), debounce, flap suppression, clear notices and escalation. All state is in PostgreSQL;
 * every step runs in one transaction with the row lock of the (UPS, alarm), so replicas can share the work.
 */
@ApplicationScoped
public class AlertEngine {

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);

    public enum Outcome {
        /** Same eventId seen before (redelivery). */
        DUPLICATE,
        /** Older than the last edge taken for this (UPS, alarm). */
        STALE,
        /** RAISED while already raised, or CLEARED while already clear. */
        REPEATED_STATE,
        /** Raised, waiting for the debounce. */
        PENDING,
        /** Cleared within the debounce: nobody is told. */
        DISMISSED,
        /** Cleared after notices went out: a clear notice is queued. */
        CLEARED,
        /** Cleared with no alert open (e.g. after flapping). */
        CLEARED_SILENT,
        FLAPPING_STARTED,
        /** An edge while flapping: recorded, nobody told. */
        SUPPRESSED
    }

    @Inject
    DataSource dataSource;
    @Inject
    AlertConfig config;
    @Inject
    Rules rules;
    @Inject
    Channels channels;
    @Inject
    OutboxStore outbox;
    @Inject
    UpsDirectory directory;
    @Inject
    ProtectiveActions protect;
    @Inject
    Worker worker;
    @Inject
    Counts counts;

    public Outcome onAlarm(AlarmEvent event) {
        UpsDirectory.Placement placement = directory.lookup(event.upsId());
        Instant now = Instant.now();
        Outcome outcome;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                outcome = apply(c, event, placement, now);
                if (outcome != Outcome.DUPLICATE && outcome != Outcome.STALE && outcome != Outcome.REPEATED_STATE) {
                    protect.onEdge(c, event.upsId(), event.alarm(), now);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alarm " + event.eventId() + ": " + e.getMessage(), e);
        }
        if (outcome != Outcome.DUPLICATE && outcome != Outcome.STALE && outcome != Outcome.REPEATED_STATE) {
            LOG.infof("Alarm %s %s on %s -> %s", event.alarm(), event.state(), event.upsId(), outcome);
        } else {
            LOG.debugf("Alarm %s %s on %s ignored: %s", event.alarm(), event.state(), event.upsId(), outcome);
        }
        worker.kick();
        if (outcome == Outcome.PENDING) {
            worker.kickAt(now.plus(config.debounce()));
        }
        return outcome;
    }

    private Outcome apply(Connection c, AlarmEvent e, UpsDirectory.Placement placement, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_event_seen (event_id, ups_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, e.eventId());
            ps.setString(2, e.upsId());
            if (ps.executeUpdate() == 0) {
                return Outcome.DUPLICATE;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alarm_track (ups_id, alarm) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, e.upsId());
            ps.setString(2, e.alarm().name());
            ps.executeUpdate();
        }
        boolean wasRaised;
        boolean flapping;
        Instant lastEdge;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT raised, flapping, last_edge_ts FROM alarm_track WHERE ups_id = ? AND alarm = ? FOR UPDATE")) {
            ps.setString(1, e.upsId());
            ps.setString(2, e.alarm().name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                wasRaised = rs.getBoolean(1);
                flapping = rs.getBoolean(2);
                Timestamp ts = rs.getTimestamp(3);
                lastEdge = ts == null ? null : ts.toInstant();
            }
        }
        if (lastEdge != null && e.ts().isBefore(lastEdge)) {
            return Outcome.STALE;
        }
        boolean raise = e.state() == AlarmEvent.AlarmState.RAISED;
        if (raise == wasRaised) {
            return Outcome.REPEATED_STATE;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alarm_track SET raised = ?, severity = ?, message = ?, last_edge_ts = ?, last_transition_at = ?
                WHERE ups_id = ? AND alarm = ?""")) {
            ps.setBoolean(1, raise);
            ps.setString(2, e.severity().name());
            ps.setString(3, e.message());
            ps.setTimestamp(4, Timestamp.from(e.ts()));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, e.upsId());
            ps.setString(7, e.alarm().name());
            ps.executeUpdate();
        }
        if (flapping) {
            return Outcome.SUPPRESSED;
        }
        if (countTransitions(c, e.upsId(), e.alarm(), now) >= config.flap().transitions()) {
            startFlapping(c, e, placement, now);
            return Outcome.FLAPPING_STARTED;
        }
        if (raise) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert (alert_id, ups_id, alarm, severity, message, site, tags, state, raised_at, notify_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                    ON CONFLICT (ups_id, alarm) WHERE state IN ('PENDING', 'OPEN') DO NOTHING""")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, e.upsId());
                ps.setString(3, e.alarm().name());
                ps.setString(4, e.severity().name());
                ps.setString(5, e.message());
                ps.setString(6, placement.site());
                ps.setArray(7, c.createArrayOf("text", placement.tags().toArray()));
                ps.setTimestamp(8, Timestamp.from(e.ts()));
                ps.setTimestamp(9, Timestamp.from(now.plus(config.debounce())));
                return ps.executeUpdate() == 1 ? Outcome.PENDING : Outcome.REPEATED_STATE;
            }
        }
        return clearOpen(c, e.upsId(), e.alarm(), now);
    }

    private int countTransitions(Connection c, String upsId, AlarmType alarm, Instant now) throws SQLException {
        Timestamp from = Timestamp.from(now.minus(config.flap().window()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarm_transition (ups_id, alarm, at) VALUES (?, ?, ?)")) {
            ps.setString(1, upsId);
            ps.setString(2, alarm.name());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM alarm_transition WHERE ups_id = ? AND alarm = ? AND at < ?")) {
            ps.setString(1, upsId);
            ps.setString(2, alarm.name());
            ps.setTimestamp(3, from);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alarm_transition WHERE ups_id = ? AND alarm = ?")) {
            ps.setString(1, upsId);
            ps.setString(2, alarm.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void startFlapping(Connection c, AlarmEvent e, UpsDirectory.Placement placement, Instant now) throws SQLException {
        // A still-debouncing alert is absorbed; an alert already notified stays open until the flapping ends.
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alert SET state = 'DISMISSED', cleared_at = ? WHERE ups_id = ? AND alarm = ? AND state = 'PENDING'")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, e.upsId());
            ps.setString(3, e.alarm().name());
            ps.executeUpdate();
        }
        UUID flapId = UUID.randomUUID();
        Severity severity = e.alarm().defaultSeverity().ordinal() > e.severity().ordinal() ? e.alarm().defaultSeverity() : e.severity();
        String message = e.alarm() + " changed state " + config.flap().transitions() + " times within "
                + config.flap().window().toSeconds() + " s; notices paused until it is stable for "
                + config.flap().stable().toSeconds() + " s";
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert (alert_id, ups_id, alarm, severity, message, site, tags, state, raised_at, notified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'FLAPPING', ?, ?)""")) {
            ps.setObject(1, flapId);
            ps.setString(2, e.upsId());
            ps.setString(3, e.alarm().name());
            ps.setString(4, severity.name());
            ps.setString(5, message);
            ps.setString(6, placement.site());
            ps.setArray(7, c.createArrayOf("text", placement.tags().toArray()));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setTimestamp(9, Timestamp.from(now));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alarm_track SET flapping = true, flap_alert_id = ? WHERE ups_id = ? AND alarm = ?")) {
            ps.setObject(1, flapId);
            ps.setString(2, e.upsId());
            ps.setString(3, e.alarm().name());
            ps.executeUpdate();
        }
        Notice notice = new Notice(flapId, Notice.Kind.FLAPPING, e.upsId(), e.alarm(), severity, message,
                placement.site(), placement.tags(), now, now);
        int queued = enqueueByRules(c, notice, false);
        LOG.warnf("%s on %s is flapping: one notice (%d deliveries), then quiet until stable", e.alarm(), e.upsId(), queued);
        counts.increment("upsfleet.alert.flapping.started");
    }

    /**
     * Whoever was told "flapping" is told it stopped (a pager incident opened for the flap is resolved),
     * with the state it settled in; a condition that settled raised is then notified as a new alert.
     */
    private void flapEnded(Connection c, UUID flapAlertId, boolean settledRaised, Instant now) throws SQLException {
        AlertRow flap = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AlertRow.COLUMNS + " FROM alert WHERE alert_id = ?")) {
            ps.setObject(1, flapAlertId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    flap = AlertRow.of(rs);
                }
            }
        }
        if (flap == null) {
            return;
        }
        Notice told = flap.notice(Notice.Kind.FLAPPING_ENDED, now);
        Notice notice = new Notice(told.alertId(), told.kind(), told.upsId(), told.alarm(), told.severity(),
                "stable again, settled " + (settledRaised ? "RAISED" : "CLEARED"), told.site(), told.tags(), told.raisedAt(), now);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT rule_name, channel, recipient FROM alert_outbox WHERE alert_id = ? AND kind = 'FLAPPING'")) {
            ps.setObject(1, flapAlertId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> targets = new ArrayList<>();
                while (rs.next()) {
                    targets.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
                for (String[] t : targets) {
                    outbox.enqueue(c, notice, t[0], t[1], t[2]);
                }
            }
        }
    }

    /** Ends the open alert of a condition: silently if nobody was told yet, with a clear notice otherwise. */
    private Outcome clearOpen(Connection c, String upsId, AlarmType alarm, Instant now) throws SQLException {
        AlertRow open = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AlertRow.COLUMNS
                + " FROM alert WHERE ups_id = ? AND alarm = ? AND state IN ('PENDING', 'OPEN') FOR UPDATE")) {
            ps.setString(1, upsId);
            ps.setString(2, alarm.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    open = AlertRow.of(rs);
                }
            }
        }
        if (open == null) {
            return Outcome.CLEARED_SILENT;
        }
        boolean notified = "OPEN".equals(open.state());
        try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET state = ?, cleared_at = ? WHERE alert_id = ?")) {
            ps.setString(1, notified ? "CLEARED" : "DISMISSED");
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, open.alertId());
            ps.executeUpdate();
        }
        if (!notified) {
            counts.increment("upsfleet.alert.debounced");
            return Outcome.DISMISSED;
        }
        // Whoever heard of the raise (incl. escalation recipients) hears of the clear, on the same channel.
        Notice notice = open.notice(Notice.Kind.CLEARED, now);
        List<String[]> targets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT rule_name, channel, recipient FROM alert_outbox
                WHERE alert_id = ? AND kind IN ('RAISED', 'ESCALATED')""")) {
            ps.setObject(1, open.alertId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    targets.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        for (String[] t : targets) {
            outbox.enqueue(c, notice, t[0], t[1], t[2]);
        }
        return Outcome.CLEARED;
    }

    /** Queues {@code notice} for every matching rule's channels and recipients; returns the rows queued. */
    private int enqueueByRules(Connection c, Notice notice, boolean escalation) throws SQLException {
        int queued = 0;
        for (Rules.Matched m : rules.matching(notice.alarm(), notice.severity(), notice.site(), notice.tags())) {
            List<String> recipients = escalation
                    ? m.rule().escalationRecipients().orElse(List.of())
                    : m.rule().recipients().orElse(List.of());
            if (escalation && (m.rule().escalateAfter().isEmpty() || recipients.isEmpty())) {
                continue;
            }
            for (String name : m.rule().channels()) {
                Optional<io.upsfleet.alert.channel.AlertChannel> channel = channels.byName(name);
                if (channel.isEmpty()) {
                    LOG.errorf("Rule %s names unknown channel '%s' (known: %s)", m.name(), name, channels.names());
                    continue;
                }
                if (channel.get().perRecipient()) {
                    for (String r : recipients) {
                        queued += outbox.enqueue(c, notice, m.name(), name, r) ? 1 : 0;
                    }
                } else {
                    queued += outbox.enqueue(c, notice, m.name(), name, "") ? 1 : 0;
                }
            }
        }
        return queued;
    }

    private int enqueueEscalation(Connection c, AlertRow a, Instant now) throws SQLException {
        Notice notice = a.notice(Notice.Kind.ESCALATED, now);
        int queued = 0;
        for (Rules.Matched m : rules.matching(a.alarm(), a.severity(), a.site(), a.tags())) {
            List<String> recipients = m.rule().escalationRecipients().orElse(List.of());
            Optional<Duration> after = m.rule().escalateAfter();
            if (recipients.isEmpty() || after.isEmpty() || a.notifiedAt().plus(after.get()).isAfter(now)) {
                continue;
            }
            for (String name : m.rule().channels()) {
                Optional<io.upsfleet.alert.channel.AlertChannel> channel = channels.byName(name);
                if (channel.isEmpty()) {
                    continue;
                }
                if (channel.get().perRecipient()) {
                    for (String r : recipients) {
                        queued += outbox.enqueue(c, notice, m.name(), name, r) ? 1 : 0;
                    }
                } else {
                    queued += outbox.enqueue(c, notice, m.name(), name, "") ? 1 : 0;
                }
            }
        }
        return queued;
    }

    /** Forgets event ids older than the retention (a redelivery that late is not expected). */
    public int forgetOldEventIds(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM alert_event_seen WHERE received_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(config.seenEventsRetention())));
            return ps.executeUpdate();
        }
    }

    /** Debounced alerts whose time has come: open them and queue their notices. */
    public int promoteDue(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<AlertRow> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AlertRow.COLUMNS
                    + " FROM alert WHERE state = 'PENDING' AND notify_at <= ? ORDER BY notify_at LIMIT 200 FOR UPDATE SKIP LOCKED")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(AlertRow.of(rs));
                    }
                }
            }
            for (AlertRow a : due) {
                Optional<Duration> escalateAfter = rules.matching(a.alarm(), a.severity(), a.site(), a.tags()).stream()
                        .filter(m -> m.rule().escalationRecipients().map(r -> !r.isEmpty()).orElse(false))
                        .flatMap(m -> m.rule().escalateAfter().stream())
                        .min(Duration::compareTo);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE alert SET state = 'OPEN', notified_at = ?, escalation_due_at = ? WHERE alert_id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setTimestamp(2, escalateAfter.map(d -> Timestamp.from(now.plus(d))).orElse(null));
                    ps.setObject(3, a.alertId());
                    ps.executeUpdate();
                }
                int queued = enqueueByRules(c, a.notice(Notice.Kind.RAISED, now), false);
                LOG.infof("Alert %s open: %s %s on %s, %d deliveries queued", a.alertId(), a.severity(), a.alarm(),
                        a.upsId(), queued);
            }
            c.commit();
            counts.add("upsfleet.alert.opened", due.size());
            return due.size();
        }
    }

    /**
     * Open, unacknowledged alerts past the shortest escalate-after of their rules: tell the escalation
     * recipients of the rules due by then, once.
     */
    public int escalateDue(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<AlertRow> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AlertRow.COLUMNS + " FROM alert WHERE state = 'OPEN'"
                    + " AND acked_at IS NULL AND escalated_at IS NULL AND escalation_due_at IS NOT NULL"
                    + " AND escalation_due_at <= ? ORDER BY escalation_due_at LIMIT 200 FOR UPDATE SKIP LOCKED")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(AlertRow.of(rs));
                    }
                }
            }
            int escalated = 0;
            for (AlertRow a : candidates) {
                int queued = enqueueEscalation(c, a, now);
                try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET escalated_at = ? WHERE alert_id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setObject(2, a.alertId());
                    ps.executeUpdate();
                }
                LOG.warnf("Alert %s (%s on %s) unacknowledged: escalated, %d deliveries queued", a.alertId(), a.alarm(),
                        a.upsId(), queued);
                escalated++;
            }
            c.commit();
            counts.add("upsfleet.alert.escalated", escalated);
            return escalated;
        }
    }

    /** Flapping conditions quiet for flap.stable: back to normal, reporting the state they settled in. */
    public int endStableFlaps(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            record Flap(String upsId, AlarmType alarm, boolean raised, UUID flapAlertId, String severity, String message) {
            }
            List<Flap> stable = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT ups_id, alarm, raised, flap_alert_id, severity, message FROM alarm_track
                    WHERE flapping AND last_transition_at <= ? LIMIT 200 FOR UPDATE SKIP LOCKED""")) {
                ps.setTimestamp(1, Timestamp.from(now.minus(config.flap().stable())));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stable.add(new Flap(rs.getString(1), AlarmType.valueOf(rs.getString(2)), rs.getBoolean(3),
                                rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            for (Flap f : stable) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE alarm_track SET flapping = false, flap_alert_id = NULL WHERE ups_id = ? AND alarm = ?")) {
                    ps.setString(1, f.upsId());
                    ps.setString(2, f.alarm().name());
                    ps.executeUpdate();
                }
                // A fresh start: the edges that made it flap must not count towards the next flap.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM alarm_transition WHERE ups_id = ? AND alarm = ?")) {
                    ps.setString(1, f.upsId());
                    ps.setString(2, f.alarm().name());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE alert SET state = 'ENDED', cleared_at = ? WHERE alert_id = ? AND state = 'FLAPPING'")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setObject(2, f.flapAlertId());
                    ps.executeUpdate();
                }
                flapEnded(c, f.flapAlertId(), f.raised(), now);
                if (f.raised()) {
                    // Settled raised: it has been stable long enough, notify without another debounce.
                    UpsDirectory.Placement p = directory.lookup(f.upsId());
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO alert (alert_id, ups_id, alarm, severity, message, site, tags, state, raised_at, notify_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                            ON CONFLICT (ups_id, alarm) WHERE state IN ('PENDING', 'OPEN') DO NOTHING""")) {
                        ps.setObject(1, UUID.randomUUID());
                        ps.setString(2, f.upsId());
                        ps.setString(3, f.alarm().name());
                        ps.setString(4, f.severity() == null ? f.alarm().defaultSeverity().name() : f.severity());
                        ps.setString(5, f.message());
                        ps.setString(6, p.site());
                        ps.setArray(7, c.createArrayOf("text", p.tags().toArray()));
                        ps.setTimestamp(8, Timestamp.from(now));
                        ps.setTimestamp(9, Timestamp.from(now));
                        ps.executeUpdate();
                    }
                } else {
                    clearOpen(c, f.upsId(), f.alarm(), now);
                }
                LOG.infof("%s on %s stable again (%s)", f.alarm(), f.upsId(), f.raised() ? "raised" : "clear");
            }
            c.commit();
            return stable.size();
        }
    }
}
