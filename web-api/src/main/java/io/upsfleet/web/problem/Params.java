package io.upsfleet.web.problem;

import io.upsfleet.contracts.Topics;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Query parameters arrive as strings so that a bad value becomes a 400 naming the parameter. */
public final class Params {

    private Params() {
    }

    /** A UPS id in the path: a malformed one names no UPS, so it is answered like an unknown one (404). */
    public static String upsId(String raw) {
        if (!Topics.isValidId(raw)) {
            throw ProblemException.unknownUps(raw);
        }
        return raw;
    }

    /** An optional UPS id filter in the query: absent is null, malformed is a 400 naming the parameter. */
    public static String upsIdParam(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!Topics.isValidId(raw)) {
            throw ProblemException.badParameter(name, name + " is not a valid UPS id: '" + raw + "'");
        }
        return raw;
    }

    public static UUID uuidParam(String name, String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badParameter(name, name + " must be a UUID but was '" + raw + "'");
        }
    }

    public static int intParam(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw ProblemException.badParameter(name, name + " must be between " + min + " and " + max + " but was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, name + " must be an integer but was '" + raw + "'");
        }
    }

    public static Boolean boolParam(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badParameter(name, name + " must be true or false but was '" + raw + "'");
        };
    }

    public static Instant instantParam(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter(name, name + " must be an ISO-8601 instant like 2026-01-31T12:00:00Z but was '" + raw + "'");
        }
    }

    public static String tokenParam(String name, String raw, String pattern) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!raw.matches(pattern)) {
            throw ProblemException.badParameter(name, name + " must match " + pattern + " but was '" + raw + "'");
        }
        return raw;
    }
}
