package io.upsfleet.gateway.megatec;

import io.upsfleet.contracts.CommandArguments;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.StatusFlags;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Megatec (Q1) protocol as pure functions: requests to bytes, reply lines to values. No I/O, so every
 * quirk of real devices can be unit-tested. Replies are given without their trailing CR.
 */
public final class MegatecCodec {

    public static final String STATUS = "Q1";
    public static final String INFO = "I";
    public static final String RATING = "F";

    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");
    /** Placeholders real units send for values they do not measure. */
    private static final Pattern PLACEHOLDER = Pattern.compile("-+(\\.-+)?");
    private static final Pattern FLAGS = Pattern.compile("[01]{8}");

    private MegatecCodec() {
    }

    /** Parses a Q1 reply; leading line noise before the '(' is tolerated, anything else malformed is not. */
    public static StatusReply parseStatus(String line) throws MegatecParseException {
        String body = frameBody(line, '(', "Q1");
        String[] f = body.trim().split(" +");
        if (f.length != 8) {
            throw new MegatecParseException("Q1 reply has " + f.length + " fields, expected 8: '" + printable(line) + "'");
        }
        if (!FLAGS.matcher(f[7]).matches()) {
            throw new MegatecParseException("Q1 status flags are not 8 bits: '" + printable(f[7]) + "'");
        }
        Double load = number(f[3], "load");
        if (load != null && load != Math.rint(load)) {
            throw new MegatecParseException("Q1 load is not a whole number: '" + f[3] + "'");
        }
        return new StatusReply(number(f[0], "input voltage"), number(f[1], "input fault voltage"),
                number(f[2], "output voltage"), load == null ? null : load.intValue(), number(f[4], "input frequency"),
                number(f[5], "battery voltage"), number(f[6], "temperature"), StatusFlags.parse(f[7]));
    }

    /** Parses an {@code I} reply: '#', 15 chars company, ' ', 10 chars model, ' ', 10 chars version. */
    public static InfoReply parseInfo(String line) throws MegatecParseException {
        String body = frameBody(line, '#', "I");
        if (body.length() < 37) {
            throw new MegatecParseException("I reply is " + body.length() + " characters, expected 37: '" + printable(line) + "'");
        }
        return new InfoReply(blankToNull(body.substring(0, 15)), blankToNull(body.substring(16, 26)),
                blankToNull(body.substring(27, Math.min(37, body.length()))));
    }

    /** Parses an {@code F} reply: {@code #MMM.M QQQ SS.SS RR.R}. */
    public static RatingReply parseRating(String line) throws MegatecParseException {
        String body = frameBody(line, '#', "F");
        String[] f = body.trim().split(" +");
        if (f.length != 4) {
            throw new MegatecParseException("F reply has " + f.length + " fields, expected 4: '" + printable(line) + "'");
        }
        return new RatingReply(number(f[0], "rated voltage"), number(f[1], "rated current"),
                number(f[2], "nominal battery voltage"), number(f[3], "rated frequency"));
    }

    /**
     * True when the reply is the request sent back unchanged: how most units say "unsupported".
     */
    public static boolean isEcho(String request, String reply) {
        return reply != null && reply.trim().equals(request.trim());
    }

    /**
     * The Megatec request for a command, validating its arguments against {@link CommandArguments}.
     *
     * @throws IllegalArgumentException naming the bad, missing or unexpected argument
     */
    public static String encode(CommandRequest request) {
        List<CommandArguments.Violation> violations = CommandArguments.check(request.command(), request.testMinutes(),
                request.shutdownMinutes(), request.restoreMinutes());
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.get(0).message());
        }
        return switch (request.command()) {
            case BATTERY_TEST_QUICK -> "T";
            case BATTERY_TEST_DEEP -> "TL";
            case BATTERY_TEST_TIMED -> String.format(Locale.ROOT, "T%02d", request.testMinutes());
            case CANCEL_TEST -> "CT";
            case BEEPER_TOGGLE -> "Q";
            case SHUTDOWN -> "S" + CommandArguments.shutdownCode(request.shutdownMinutes());
            case SHUTDOWN_RESTORE -> "S" + CommandArguments.shutdownCode(request.shutdownMinutes())
                    + String.format(Locale.ROOT, "R%04d", request.restoreMinutes());
            case SHUTDOWN_STAYOFF -> "S" + CommandArguments.shutdownCode(request.shutdownMinutes()) + "R0000";
            case LOAD_OFF -> "S00R0000";
            case CANCEL_SHUTDOWN -> "C";
        };
    }

    private static String frameBody(String line, char start, String what) throws MegatecParseException {
        if (line == null || line.isEmpty()) {
            throw new MegatecParseException(what + " reply is empty");
        }
        int at = line.indexOf(start);
        if (at < 0) {
            throw new MegatecParseException(what + " reply does not start with '" + start + "': '" + printable(line) + "'");
        }
        // Bytes before the start character are line noise; only non-printable noise is tolerated there.
        for (int i = 0; i < at; i++) {
            char c = line.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != ' ') {
                throw new MegatecParseException(what + " reply has text before '" + start + "': '" + printable(line) + "'");
            }
        }
        String body = line.substring(at + 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw new MegatecParseException(what + " reply contains non-ASCII byte 0x"
                        + Integer.toHexString(c) + ": '" + printable(line) + "'");
            }
        }
        return body;
    }

    private static Double number(String field, String name) throws MegatecParseException {
        if (PLACEHOLDER.matcher(field).matches()) {
            return null;
        }
        if (!NUMBER.matcher(field).matches()) {
            throw new MegatecParseException(name + " is not a number: '" + printable(field) + "'");
        }
        return Double.valueOf(field);
    }

    private static String blankToNull(String s) {
        String t = s.replace('_', ' ').trim();
        return t.isEmpty() ? null : t;
    }

    /** The reply as a log-safe string: non-printable bytes as \xNN, cut at 80 characters. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c & 0xff));
            }
        }
        return b.toString();
    }
}
