package io.upsfleet.web.command;

import io.upsfleet.contracts.CommandResult;

import java.time.Instant;

/**
 * A command as audited: {@code status} is PENDING until the gateway answers, then the latest
 * {@link io.upsfleet.contracts.CommandOutcome} (ACCEPTED interim; DONE, REJECTED, UNSUPPORTED, TIMEOUT
 * final), or NOT_SENT when the broker could not take it.
 */
public record CommandView(String commandId, String upsId, String command, Object args, String requestedBy,
                          Instant requestedAt, String status, boolean finished, String detail, Instant updatedAt) {

    /** This command with a final outcome the gateway sent. */
    CommandView settledBy(CommandResult result) {
        return new CommandView(commandId, upsId, command, args, requestedBy, requestedAt, result.outcome().name(), true,
                result.detail(), result.ts());
    }
}
