package io.upsfleet.alert.protect;

import io.upsfleet.alert.metrics.Counts;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Protective shutdown (off unless enabled per UPS): on battery AND battery low -> retained
 * {@link HostShutdownNotice} SHUTDOWN, then after the grace time a {@code SHUTDOWN_RESTORE} command; mains
 * back during the grace -> CANCELLED and no command. The sequence lives in protect_sequence, every step
 * in protect_event, so a restart mid-grace carries on where it stopped.
 */
@ApplicationScoped
public class ProtectiveActions {

    private static final Logger LOG = Logger.getLogger(ProtectiveActions.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    public static final String REQUESTED_BY = "alert-service";

    @Inject
    AlertConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    Counts counts;
    @Inject
    @Channel("protect-out")
    MutinyEmitter<byte[]> out;

    /** The protect settings of a UPS: its own key, else the longest matching {@code prefix*} key. */
    public Optional<AlertConfig.Protect> settingsFor(String upsId) {
        Map<String, AlertConfig.Protect> all = config.protect();
        AlertConfig.Protect exact = all.get(upsId);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String key : all.keySet()) {
            if (key.endsWith("*") && upsId.startsWith(key.substring(0, key.length() - 1))
                    && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return Optional.ofNullable(best == null ? null : all.get(best));
    }

    /**
     * Called inside the transaction of an ON_BATTERY, LOW_BATTERY or RUNTIME_LOW edge (other alarms are
     * ignored). The sequence starts when the UPS is on battery and either the battery is low or the
     * estimated runtime is under the UPS's threshold (RUNTIME_LOW, configured on the gateway).
     */
    public void onEdge(Connection c, String upsId, AlarmType alarm, Instant now) throws SQLException {
        if (alarm != AlarmType.ON_BATTERY && alarm != AlarmType.LOW_BATTERY && alarm != AlarmType.RUNTIME_LOW) {
            return;
        }
        Optional<AlertConfig.Protect> settings = settingsFor(upsId).filter(AlertConfig.Protect::enabled);
        if (settings.isEmpty()) {
            return;
        }
        boolean onBattery = raised(c, upsId, AlarmType.ON_BATTERY);
        boolean batteryLow = raised(c, upsId, AlarmType.LOW_BATTERY);
        boolean runtimeLow = raised(c, upsId, AlarmType.RUNTIME_LOW);
        boolean low = batteryLow || runtimeLow;
        String activeId = null;
        String activeState = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT notice_id, state FROM protect_sequence WHERE ups_id = ? AND state IN ('GRACE', 'COMMANDED') FOR UPDATE")) {
            ps.setString(1, upsId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    activeId = rs.getString(1);
                    activeState = rs.getString(2);
                }
            }
        }
        if (onBattery && low && activeId == null) {
            AlertConfig.Protect p = settings.get();
            String noticeId = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO protect_sequence (notice_id, ups_id, state, started_at, grace_until, grace_seconds,
                        shutdown_minutes, restore_minutes, notice_action)
                    VALUES (?, ?, 'GRACE', ?, ?, ?, ?, ?, 'SHUTDOWN')""")) {
                ps.setString(1, noticeId);
                ps.setString(2, upsId);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now.plus(p.grace())));
                ps.setInt(5, (int) p.grace().toSeconds());
                ps.setDouble(6, p.shutdownDelay());
                ps.setInt(7, p.restoreMinutes());
                ps.executeUpdate();
            }
            record(c, noticeId, upsId, "STARTED", "on battery and " + (batteryLow ? "battery low" : "runtime low") + ": hosts get " + p.grace().toSeconds()
                    + " s, then S" + p.shutdownDelay() + "R" + p.restoreMinutes());
        } else if (!onBattery && activeId != null) {
            boolean inGrace = "GRACE".equals(activeState);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE protect_sequence SET state = ?, notice_action = 'CANCELLED', notice_published = false, ended_at = ?
                    WHERE notice_id = ?""")) {
                ps.setString(1, inGrace ? "CANCELLED" : "DONE");
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, activeId);
                ps.executeUpdate();
            }
            record(c, activeId, upsId, inGrace ? "CANCELLED" : "MAINS_RESTORED", inGrace
                    ? "mains back within the grace time: no shutdown command"
                    : "mains back after the shutdown command: host-shutdown notice withdrawn");
        }
    }

    /** Publishes notices not yet published and sends the commands whose grace time is over. */
    public void advance(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            record Seq(String noticeId, String upsId, String state, String action, int graceSeconds, double shutdown,
                       int restore, Instant graceUntil, boolean published) {
            }
            List<Seq> work = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT notice_id, ups_id, state, notice_action, grace_seconds, shutdown_minutes, restore_minutes,
                           grace_until, notice_published
                    FROM protect_sequence
                    WHERE NOT notice_published OR (state = 'GRACE' AND grace_until <= ?)
                    ORDER BY started_at LIMIT 50 FOR UPDATE SKIP LOCKED""")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        work.add(new Seq(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                                rs.getDouble(6), rs.getInt(7), rs.getTimestamp(8).toInstant(), rs.getBoolean(9)));
                    }
                }
            }
            for (Seq s : work) {
                boolean published = s.published();
                if (!published) {
                    HostShutdownNotice.Action action = HostShutdownNotice.Action.valueOf(s.action());
                    boolean shutdown = action == HostShutdownNotice.Action.SHUTDOWN;
                    int remaining = (int) Math.max(0, Duration.between(now, s.graceUntil()).toSeconds());
                    HostShutdownNotice notice = new HostShutdownNotice(HostShutdownNotice.VERSION, s.noticeId(), s.upsId(),
                            now, action, shutdown ? remaining : null,
                            shutdown ? "UPS " + s.upsId() + " is on battery and its battery is low or its runtime short: shut down now"
                                    : "mains power is back: shutdown cancelled");
                    publish(Topics.hostShutdown(s.upsId()), Json.toBytes(notice), true);
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE protect_sequence SET notice_published = true WHERE notice_id = ?")) {
                        ps.setString(1, s.noticeId());
                        ps.executeUpdate();
                    }
                    record(c, s.noticeId(), s.upsId(), "NOTICE_" + action, "retained on " + Topics.hostShutdown(s.upsId()));
                    counts.increment("upsfleet.alert.protect.steps", "step", "notice_" + action.name().toLowerCase());
                    published = true;
                }
                if (published && "GRACE".equals(s.state()) && !s.graceUntil().isAfter(now)) {
                    String commandId = s.noticeId() + "-cmd";
                    CommandRequest command = new CommandRequest(CommandRequest.VERSION, commandId, s.upsId(),
                            CommandType.SHUTDOWN_RESTORE, null, s.shutdown(), s.restore(), REQUESTED_BY, now);
                    publish(Topics.command(s.upsId()), Json.toBytes(command), false);
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE protect_sequence SET state = 'COMMANDED', command_id = ? WHERE notice_id = ?")) {
                        ps.setString(1, commandId);
                        ps.setString(2, s.noticeId());
                        ps.executeUpdate();
                    }
                    record(c, s.noticeId(), s.upsId(), "COMMAND_SENT", "SHUTDOWN_RESTORE shutdownMinutes=" + s.shutdown()
                            + " restoreMinutes=" + s.restore() + " commandId=" + commandId);
                    counts.increment("upsfleet.alert.protect.steps", "step", "command");
                }
                // Commit per sequence: a step published is a step recorded.
                c.commit();
            }
            c.commit();
        }
    }

    private void publish(String topic, byte[] payload, boolean retain) {
        Message<byte[]> message = Message.of(payload, Metadata.of(
                new SendingMqttMessageMetadata(topic, MqttQoS.AT_LEAST_ONCE, retain)));
        out.sendMessage(message).await().atMost(PUBLISH_TIMEOUT);
    }

    private static boolean raised(Connection c, String upsId, AlarmType alarm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT raised FROM alarm_track WHERE ups_id = ? AND alarm = ?")) {
            ps.setString(1, upsId);
            ps.setString(2, alarm.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void record(Connection c, String noticeId, String upsId, String step, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO protect_event (notice_id, ups_id, step, detail) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, noticeId);
            ps.setString(2, upsId);
            ps.setString(3, step);
            ps.setString(4, detail);
            ps.executeUpdate();
        }
        LOG.warnf("Protective action %s on %s (sequence %s): %s", step, upsId, noticeId, detail);
    }
}
