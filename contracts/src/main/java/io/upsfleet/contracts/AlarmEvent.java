package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An alarm edge: raised once when a condition starts, cleared once when it ends (never repeated every
 * poll). Published on {@link Topics#alarm(String)}, QoS 1, not retained.
 *
 * @param v         payload version
 * @param eventId   unique id of this edge (consumers de-duplicate redeliveries by it)
 * @param upsId     UPS id
 * @param gatewayId the gateway that detected it
 * @param ts        when the edge was detected
 * @param alarm     which condition
 * @param state     RAISED or CLEARED
 * @param severity  how urgent
 * @param message   a human-readable sentence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmEvent(int v, String eventId, String upsId, String gatewayId, Instant ts,
                         AlarmType alarm, AlarmState state, Severity severity, String message)
        implements EventLogEntry, FromGateway {

    public static final int VERSION = 1;
    private static final String TYPE = "AlarmEvent";

    public enum AlarmState { RAISED, CLEARED }

    public AlarmEvent {
        Check.version(v, VERSION, TYPE);
        Check.id(eventId, "eventId", TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.notNull(alarm, "alarm", TYPE);
        Check.notNull(state, "state", TYPE);
        severity = severity == null ? alarm.defaultSeverity() : severity;
        Check.text(message, Text.MESSAGE_MAX, "message", TYPE);
    }

    @Override
    public String logId() {
        return eventId;
    }

    @Override
    public String logKind() {
        return "ALARM_" + state.name();
    }

    @Override
    public String logType() {
        return alarm.name();
    }

    @Override
    public Severity logSeverity() {
        return severity;
    }

    @Override
    public String logMessage() {
        return message != null ? message : alarm + " " + state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
