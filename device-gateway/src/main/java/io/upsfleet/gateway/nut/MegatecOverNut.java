package io.upsfleet.gateway.nut;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UPS behind a NUT server, seen as the gateway sees every UPS: as Megatec. NUT variables become the replies
 * to Q1, I and F (so the same parsing, alarms, status and confirmation of commands apply), and each Megatec
 * command becomes the NUT instant command that does the same. Pure functions, unit-tested.
 */
public final class MegatecOverNut {

    /** An instant command, with its value (seconds) where it takes one. */
    public record InstantCommand(String name, String value) {
    }

    private static final Pattern TIMED_TEST = Pattern.compile("T(\\d\\d)");
    private static final Pattern SHUTDOWN = Pattern.compile("S(\\.[2-9]|\\d\\d)(?:R(\\d{4}))?");

    private MegatecOverNut() {
    }

    /**
     * The Q1 reply for these variables: {@code (MMM.M NNN.N PPP.P QQQ RR.R S.SS TT.T b7..b0}, "--.-" for what
     * the server does not report. Flags from {@code ups.status}: b7 OB, b6 LB, b5 BYPASS/BOOST/TRIM, b4 ALARM,
     * b3 0, b2 CAL, b1 FSD, b0 {@code ups.beeper.status} enabled. An {@code OFF} UPS without an output voltage
     * reports 0 V, so the gateway sees its output off.
     */
    public static String status(Map<String, String> vars) {
        Set<String> tokens = new HashSet<>(Arrays.asList(vars.getOrDefault("ups.status", "").trim().split("\\s+")));
        String output = number(vars.get("output.voltage"), 1);
        if (output.startsWith("-") && tokens.contains("OFF")) {
            output = "0.0";
        }
        String flags = "" + bit(tokens.contains("OB")) + bit(tokens.contains("LB"))
                + bit(tokens.contains("BYPASS") || tokens.contains("BOOST") || tokens.contains("TRIM"))
                + bit(tokens.contains("ALARM")) + '0' + bit(tokens.contains("CAL")) + bit(tokens.contains("FSD"))
                + bit("enabled".equalsIgnoreCase(vars.get("ups.beeper.status")));
        return "(" + String.join(" ", number(vars.get("input.voltage"), 1), number(vars.get("input.voltage.fault"), 1), output,
                number(vars.get("ups.load"), 0), number(first(vars, "input.frequency", "output.frequency"), 1),
                number(vars.get("battery.voltage"), 2), number(vars.get("ups.temperature"), 1), flags);
    }

    /** The I reply: {@code #<mfr, 15> <model, 10> <firmware, 10>}. */
    public static String identity(Map<String, String> vars) {
        return String.format(Locale.ROOT, "#%-15.15s %-10.10s %-10.10s", text(first(vars, "device.mfr", "ups.mfr")),
                text(first(vars, "device.model", "ups.model")), text(first(vars, "ups.firmware", "driver.version.internal")));
    }

    /** The F reply: {@code #<rated V> <rated A> <battery V> <rated Hz>}. */
    public static String rating(Map<String, String> vars) {
        return "#" + String.join(" ", number(first(vars, "output.voltage.nominal", "input.voltage.nominal"), 1),
                number(first(vars, "output.current.nominal", "input.current.nominal"), 0),
                number(vars.get("battery.voltage.nominal"), 2),
                number(first(vars, "output.frequency.nominal", "input.frequency.nominal"), 1));
    }

    /** NUT's battery.charge (%), if the server reports a usable one: better than a charge guessed from the voltage. */
    public static Double batteryCharge(Map<String, String> vars) {
        Double d = parse(vars.get("battery.charge"));
        return d == null || d < 0 || d > 100 ? null : d;
    }

    /** NUT's battery.runtime (s), if reported. */
    public static Integer batteryRuntime(Map<String, String> vars) {
        Double d = parse(vars.get("battery.runtime"));
        return d == null || d < 0 || d > Integer.MAX_VALUE ? null : (int) Math.round(d);
    }

    /**
     * The instant command for a Megatec command, empty for one without a NUT equivalent. {@code S<n>R<m>}
     * becomes {@code shutdown.return} with the delay in seconds: NUT has no per-command restore time (the
     * driver's {@code ups.delay.start}, or nut-server's {@code shutdown.restore}, applies).
     */
    public static Optional<InstantCommand> instantCommand(String megatec) {
        String cmd = megatec.trim();
        switch (cmd) {
            case "T":
                return Optional.of(new InstantCommand("test.battery.start.quick", null));
            case "TL":
                return Optional.of(new InstantCommand("test.battery.start.deep", null));
            case "CT":
                return Optional.of(new InstantCommand("test.battery.stop", null));
            case "Q":
                return Optional.of(new InstantCommand("beeper.toggle", null));
            case "C":
                return Optional.of(new InstantCommand("shutdown.stop", null));
            case "S00R0000":
                return Optional.of(new InstantCommand("load.off", null));
            default:
                break;
        }
        Matcher m = TIMED_TEST.matcher(cmd);
        if (m.matches()) {
            return Optional.of(new InstantCommand("test.battery.start", String.valueOf(Integer.parseInt(m.group(1)) * 60)));
        }
        m = SHUTDOWN.matcher(cmd);
        if (m.matches()) {
            String n = m.group(1);
            long seconds = Math.round((n.startsWith(".") ? Integer.parseInt(n.substring(1)) / 10.0 : Integer.parseInt(n)) * 60);
            boolean stayOff = "0000".equals(m.group(2));
            return Optional.of(new InstantCommand(stayOff ? "shutdown.stayoff" : "shutdown.return", String.valueOf(seconds)));
        }
        return Optional.empty();
    }

    private static String first(Map<String, String> vars, String a, String b) {
        String v = vars.get(a);
        return v != null ? v : vars.get(b);
    }

    private static String text(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A non-negative number with {@code decimals}, in the Megatec codec's range; "--.-" otherwise. */
    private static String number(String value, int decimals) {
        Double d = parse(value);
        if (d == null || d < 0 || d >= 10000) {
            return "--.-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    private static Double parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static char bit(boolean b) {
        return b ? '1' : '0';
    }
}
