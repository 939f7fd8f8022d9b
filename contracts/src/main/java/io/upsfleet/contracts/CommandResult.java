package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The gateway's answer to a {@link CommandRequest}, same {@code commandId}, on
 * {@link Topics#commandResult(String)} (QoS 1, not retained).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(int v, String commandId, String upsId, String gatewayId, CommandType command,
                            CommandOutcome outcome, String detail, Instant ts)
        implements EventLogEntry, FromGateway {

    public static final int VERSION = 1;
    private static final String TYPE = "CommandResult";

    public CommandResult {
        Check.version(v, VERSION, TYPE);
        Check.id(commandId, "commandId", TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(outcome, "outcome", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.text(detail, Text.MESSAGE_MAX, "detail", TYPE);
    }

    /**
     * The event-log id of a command's request ({@code REQUESTED}) or of one of its outcomes:
     * {@code cmd-<commandId>-<outcome>}, or with the command id hashed when that would pass 64 characters
     * (still deterministic, so a redelivery maps to the same entry).
     */
    public static String logId(String commandId, String outcome) {
        String id = "cmd-" + commandId + "-" + outcome;
        if (id.length() <= 64) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(commandId.getBytes(StandardCharsets.UTF_8));
            return "cmd-" + HexFormat.of().formatHex(digest, 0, 20) + "-" + outcome;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String logId() {
        return logId(commandId, outcome.name());
    }

    @Override
    public String logKind() {
        return "COMMAND_RESULT";
    }

    @Override
    public String logType() {
        return command != null ? command.name() : "UNKNOWN";
    }

    @Override
    public Severity logSeverity() {
        return switch (outcome) {
            case ACCEPTED, DONE -> Severity.INFO;
            case REJECTED, UNSUPPORTED, TIMEOUT -> Severity.WARNING;
        };
    }

    @Override
    public String logMessage() {
        return logType() + " " + outcome + (detail != null ? ": " + detail : "");
    }
}
