package io.upsfleet.contracts;

/**
 * A payload that the event log keeps (alarm edges, command requests and results). Each says how it is
 * recorded; the ids are deterministic, so a redelivered message maps to the same entry. mib-service writes
 * the log, web-api reads it: both take the ids from here.
 */
public interface EventLogEntry extends UpsPayload {

    /** Unique per fact, at most 64 characters. */
    String logId();

    /** ALARM_RAISED, ALARM_CLEARED, COMMAND_REQUESTED or COMMAND_RESULT. */
    String logKind();

    /** The alarm type or the command. */
    String logType();

    Severity logSeverity();

    /** One sentence for the log. */
    String logMessage();
}
