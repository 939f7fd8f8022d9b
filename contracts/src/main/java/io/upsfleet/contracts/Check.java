package io.upsfleet.contracts;

/** Small argument checks used by the payload records' constructors. */
final class Check {

    private Check() {
    }

    static void version(int v, int expected, String type) {
        if (v != expected) {
            throw new InvalidPayloadException(type + ": unsupported version v=" + v + " (expected " + expected + ")");
        }
    }

    static <T> T notNull(T value, String field, String type) {
        if (value == null) {
            throw new InvalidPayloadException(type + ": field '" + field + "' is required");
        }
        return value;
    }

    static String id(String value, String field, String type) {
        if (!Topics.isValidId(value)) {
            throw new InvalidPayloadException(type + ": field '" + field + "' must match "
                    + Topics.ID_PATTERN.pattern() + " but was '" + value + "'");
        }
        return value;
    }

    /** Free text: bounded and free of control characters (see {@link Text}); null is allowed. */
    static String text(String value, int max, String field, String type) {
        String problem = Text.problem(value, max);
        if (problem != null) {
            throw new InvalidPayloadException(type + ": field '" + field + "' " + problem);
        }
        return value;
    }

    /** NUT-style status tokens: upper-case words such as OL, OB, LB, BYPASS. */
    static java.util.List<String> tokens(java.util.List<String> tokens, String field, String type) {
        for (String token : tokens) {
            if (token == null || token.isEmpty() || token.length() > 16 || !token.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new InvalidPayloadException(type + ": field '" + field + "' holds '" + token
                        + "', not a status token (A-Z, 1 to 16 letters)");
            }
        }
        return tokens;
    }

    static Double range(Double value, double min, double max, String field, String type) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw new InvalidPayloadException(type + ": field '" + field + "'=" + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    static Integer range(Integer value, int min, int max, String field, String type) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidPayloadException(type + ": field '" + field + "'=" + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }
}
