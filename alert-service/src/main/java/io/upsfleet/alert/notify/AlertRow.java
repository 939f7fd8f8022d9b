package io.upsfleet.alert.notify;

import io.upsfleet.alert.channel.Notice;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.alerting.Alert;
import io.upsfleet.contracts.alerting.AlertState;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One row of the alert table. */
public record AlertRow(UUID alertId, String upsId, AlarmType alarm, Severity severity, String message, String site,
                       List<String> tags, String state, Instant raisedAt, Instant notifiedAt, Instant clearedAt,
                       Instant ackedAt, String ackedBy, Instant escalatedAt) {

    public static final String COLUMNS = "alert_id, ups_id, alarm, severity, message, site, tags, state, raised_at, "
            + "notified_at, cleared_at, acked_at, acked_by, escalated_at";

    public static AlertRow of(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        return new AlertRow(rs.getObject("alert_id", UUID.class), rs.getString("ups_id"),
                AlarmType.valueOf(rs.getString("alarm")), Severity.valueOf(rs.getString("severity")),
                rs.getString("message"), rs.getString("site"),
                tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()), rs.getString("state"),
                instant(rs.getTimestamp("raised_at")), instant(rs.getTimestamp("notified_at")),
                instant(rs.getTimestamp("cleared_at")), instant(rs.getTimestamp("acked_at")), rs.getString("acked_by"),
                instant(rs.getTimestamp("escalated_at")));
    }

    /** The alert as the REST API shows it. */
    public Alert toAlert() {
        return new Alert(alertId, upsId, alarm, severity, message, site, tags, AlertState.valueOf(state), raisedAt,
                notifiedAt, clearedAt, ackedAt, ackedBy, escalatedAt);
    }

    public Notice notice(Notice.Kind kind, Instant at) {
        return new Notice(alertId, kind, upsId, alarm, severity, message, site, tags, raisedAt, at);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
