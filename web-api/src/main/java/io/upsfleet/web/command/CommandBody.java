package io.upsfleet.web.command;

import io.upsfleet.contracts.CommandType;
import jakarta.validation.constraints.NotNull;

/**
 * What an operator submits: {@code {"command":"BATTERY_TEST_TIMED","testMinutes":5}}. JSON types are strict
 * (read by {@link io.upsfleet.web.problem.StrictBodyReader}): "5" is not a number, 2.5 not a whole one, and
 * a field not named here is refused. The arguments must suit the command ({@link ValidCommandArguments}).
 */
@ValidCommandArguments
public record CommandBody(@NotNull(message = "command is required") CommandType command, Integer testMinutes,
                          Double shutdownMinutes, Integer restoreMinutes) {
}
