package io.upsfleet.web.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.web.problem.ProblemException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;

/**
 * Checks a submitted command against the Megatec argument ranges (see megatec.md) before anything is
 * stored or sent: T&lt;n&gt; n = 1..99, S&lt;n&gt; n = .2...9 or 1..10, R&lt;m&gt; m = 1..9999.
 * Arguments that the command does not take are refused too, so a typo never passes silently.
 */
public final class CommandValidator {

    public record Valid(CommandType command, Integer testMinutes, Double shutdownMinutes, Integer restoreMinutes) {
    }

    private static final Set<String> KNOWN_FIELDS = Set.of("command", "testMinutes", "shutdownMinutes", "restoreMinutes");

    private CommandValidator() {
    }

    public static Valid validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badParameter("body", "the body must be a JSON object like {\"command\":\"BEEPER_TOGGLE\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN_FIELDS.contains(field)) {
                throw ProblemException.badParameter(field, "unknown field '" + field + "'; known: " + KNOWN_FIELDS);
            }
        }
        JsonNode commandNode = body.get("command");
        if (commandNode == null || !commandNode.isTextual()) {
            throw ProblemException.badParameter("command", "command is required, one of " + Arrays.toString(CommandType.values()));
        }
        CommandType command;
        try {
            command = CommandType.valueOf(commandNode.asText());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("command", "unknown command '" + commandNode.asText() + "'; one of "
                    + Arrays.toString(CommandType.values()));
        }
        Integer testMinutes = null;
        Double shutdownMinutes = null;
        Integer restoreMinutes = null;
        switch (command) {
            case BATTERY_TEST_TIMED -> testMinutes = wholeNumber(body, "testMinutes", 1, 99);
            case SHUTDOWN -> shutdownMinutes = shutdownMinutes(body);
            case SHUTDOWN_RESTORE -> {
                shutdownMinutes = shutdownMinutes(body);
                restoreMinutes = wholeNumber(body, "restoreMinutes", 1, 9999);
            }
            default -> {
            }
        }
        refuseUnless(body, "testMinutes", testMinutes != null, command);
        refuseUnless(body, "shutdownMinutes", shutdownMinutes != null, command);
        refuseUnless(body, "restoreMinutes", restoreMinutes != null, command);
        return new Valid(command, testMinutes, shutdownMinutes, restoreMinutes);
    }

    private static void refuseUnless(JsonNode body, String field, boolean used, CommandType command) {
        if (!used && body.has(field) && !body.get(field).isNull()) {
            throw ProblemException.badParameter(field, command + " takes no " + field);
        }
    }

    private static int wholeNumber(JsonNode body, String field, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw ProblemException.badParameter(field, field + " is required for " + body.get("command").asText() + " (" + min + ".." + max + ")");
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw ProblemException.badParameter(field, field + " must be a whole number " + min + ".." + max + " but was " + n);
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw ProblemException.badParameter(field, field + " must be " + min + ".." + max + " but was " + v);
        }
        return (int) v;
    }

    /** 0.2..0.9 in tenths, or 1..10 whole minutes: exactly what S&lt;n&gt; can express. */
    private static double shutdownMinutes(JsonNode body) {
        JsonNode n = body.get("shutdownMinutes");
        if (n == null || n.isNull()) {
            throw ProblemException.badParameter("shutdownMinutes", "shutdownMinutes is required (0.2..0.9 in tenths, or 1..10)");
        }
        if (!n.isNumber()) {
            throw ProblemException.badParameter("shutdownMinutes", "shutdownMinutes must be a number but was " + n);
        }
        double v = n.asDouble();
        double tenths = v * 10;
        boolean inTenths = v >= 0.2 - 1e-9 && v <= 0.9 + 1e-9 && Math.abs(tenths - Math.rint(tenths)) < 1e-6;
        boolean whole = v >= 1 && v <= 10 && v == Math.rint(v);
        if (!inTenths && !whole) {
            throw ProblemException.badParameter("shutdownMinutes", "shutdownMinutes must be 0.2..0.9 in tenths or 1..10 whole minutes but was " + n);
        }
        return inTenths ? Math.rint(tenths) / 10 : v;
    }
}
