package io.upsfleet.contracts;

/**
 * Free text on the wire (messages, details, user names, identity fields): how long it may be and which
 * characters it may hold, so that a payload that exists can always be stored and logged. Control characters
 * (C0 such as NUL, DEL, C1) and unpaired UTF-16 surrogates are refused: PostgreSQL cannot store NUL in text,
 * and the others corrupt logs and terminals.
 */
public final class Text {

    /** A sentence: alarm messages, command details, notice reasons. */
    public static final int MESSAGE_MAX = 500;
    /** A name: manufacturer, model, firmware. */
    public static final int NAME_MAX = 64;
    /** Who asked for a command. */
    public static final int USER_MAX = 200;

    private Text() {
    }

    /** Why {@code value} is not acceptable free text of at most {@code max} characters, or null if it is. */
    public static String problem(String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            return "is " + value.length() + " characters long, at most " + max + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("contains the control character U+%04X at position %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("contains an unpaired surrogate U+%04X at position %d", (int) c, i);
            }
        }
        return null;
    }

    /**
     * {@code value} made safe for a log line or a text column: control characters and unpaired surrogates
     * written as {@code \\uXXXX}, cut to {@code max} characters (with "..." when cut).
     */
    public static String printable(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 8);
        int i = 0;
        for (; i < value.length() && out.length() <= max; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() > max || i < value.length()) {
            out.setLength(Math.max(0, max - 3));
            out.append("...");
        }
        return out.toString();
    }
}
