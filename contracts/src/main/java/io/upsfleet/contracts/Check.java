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
