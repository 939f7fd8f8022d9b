package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The gateway's answer to a {@link CommandRequest}, same {@code commandId}, on
 * {@link Topics#commandResult(String)} (QoS 1, not retained).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(int v, String commandId, String upsId, String gatewayId, CommandType command,
                            CommandOutcome outcome, String detail, Instant ts) {

    public static final int VERSION = 1;
    private static final String TYPE = "CommandResult";

    public CommandResult {
        Check.version(v, VERSION, TYPE);
        Check.id(commandId, "commandId", TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(outcome, "outcome", TYPE);
        Check.notNull(ts, "ts", TYPE);
    }
}
