package io.upsfleet.alert.notify;

import io.upsfleet.alert.channel.Notice;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.alerting.Alert;
import io.upsfleet.contracts.alerting.AlertState;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the alert table.
 *
 * @param notifyAt         when a PENDING alert's debounce ends
 * @param escalationDueAt  when an OPEN alert escalates unless acknowledged (null: none of its rules escalates)
 */
public record AlertRow(UUID alertId, String upsId, AlarmType alarm, Severity severity, String message, String site,
                       List<String> tags, AlertState state, Instant raisedAt, Instant notifyAt, Instant notifiedAt,
                       Instant clearedAt, Instant ackedAt, String ackedBy, Instant escalatedAt,
                       Instant escalationDueAt) {

    /** A new alert, as it is created. */
    static AlertRow create(UUID alertId, Condition condition, Severity severity, String message,
                           UpsDirectory.Placement placement, AlertState state, Instant raisedAt, Instant notifyAt,
                           Instant notifiedAt) {
        return new AlertRow(alertId, condition.upsId(), condition.alarm(), severity, message, placement.site(),
                placement.tags(), state, raisedAt, notifyAt, notifiedAt, null, null, null, null, null);
    }

    public Condition condition() {
        return new Condition(upsId, alarm);
    }

    /** The alert as the REST API shows it. */
    public Alert toAlert() {
        return new Alert(alertId, upsId, alarm, severity, message, site, tags, state, raisedAt, notifiedAt, clearedAt,
                ackedAt, ackedBy, escalatedAt);
    }

    public Notice notice(Notice.Kind kind, Instant at) {
        return new Notice(alertId, kind, upsId, alarm, severity, message, site, tags, raisedAt, at);
    }
}
