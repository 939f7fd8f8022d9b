package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A control command for one UPS, published on {@link Topics#command(String)} (QoS 1, not retained).
 * The gateway answers every request with one or more {@link CommandResult}s carrying the same id.
 *
 * @param v               payload version
 * @param commandId       unique id chosen by the sender
 * @param upsId           target UPS
 * @param command         what to do
 * @param testMinutes     for BATTERY_TEST_TIMED: 1..99
 * @param shutdownMinutes for SHUTDOWN and SHUTDOWN_RESTORE: 0.2..0.9 in tenths, or 1..10 whole minutes
 * @param restoreMinutes  for SHUTDOWN_RESTORE: 1..9999
 * @param requestedBy     who asked (user name or service), for the audit log
 * @param ts              when it was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandRequest(int v, String commandId, String upsId, CommandType command,
                             Integer testMinutes, Double shutdownMinutes, Integer restoreMinutes,
                             String requestedBy, Instant ts) implements EventLogEntry {

    public static final int VERSION = 1;
    private static final String TYPE = "CommandRequest";
    /** The outcome part of {@link #logId()} for the request itself. */
    public static final String REQUESTED = "REQUESTED";

    public CommandRequest {
        Check.version(v, VERSION, TYPE);
        Check.id(commandId, "commandId", TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.notNull(command, "command", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.text(requestedBy, Text.USER_MAX, "requestedBy", TYPE);
    }

    @Override
    public String logId() {
        return CommandResult.logId(commandId, REQUESTED);
    }

    @Override
    public String logKind() {
        return "COMMAND_REQUESTED";
    }

    @Override
    public String logType() {
        return command.name();
    }

    @Override
    public Severity logSeverity() {
        return Severity.INFO;
    }

    @Override
    public String logMessage() {
        return command + " requested" + (requestedBy != null ? " by " + requestedBy : "");
    }
}
