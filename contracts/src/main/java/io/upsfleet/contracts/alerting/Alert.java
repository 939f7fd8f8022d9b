package io.upsfleet.contracts.alerting;

import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One alert as alert-service's REST API returns it (and web-api passes it on to operators).
 *
 * @param ackedBy   the operator who acknowledged it (an acknowledged alert is not escalated)
 * @param site      site of the UPS when the alert was raised, null if none
 * @param tags      tags of the UPS when the alert was raised
 */
public record Alert(UUID alertId, String upsId, AlarmType alarm, Severity severity, String message, String site,
                    List<String> tags, AlertState state, Instant raisedAt, Instant notifiedAt, Instant clearedAt,
                    Instant ackedAt, String ackedBy, Instant escalatedAt) {
}
