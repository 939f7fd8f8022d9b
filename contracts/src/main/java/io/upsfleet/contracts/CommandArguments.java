package io.upsfleet.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The arguments each {@link CommandType} takes and their ranges: exactly what the Megatec requests can
 * express (megatec.md): {@code T<n>} n = 1..99 minutes, {@code S<n>} n = .2 .. .9 (tenths of a minute) or
 * 01..10 minutes, {@code R<m>} m = 1..9999 minutes ({@code R0000}, stay off, is its own command). The one place these ranges live: web-api validates
 * requests with it, the gateway encodes with it, alert-service checks its protective settings with it.
 */
public final class CommandArguments {

    public static final String TEST_MINUTES = "testMinutes";
    public static final String SHUTDOWN_MINUTES = "shutdownMinutes";
    public static final String RESTORE_MINUTES = "restoreMinutes";

    public static final int TEST_MINUTES_MIN = 1;
    public static final int TEST_MINUTES_MAX = 99;
    public static final int RESTORE_MINUTES_MIN = 1;
    public static final int RESTORE_MINUTES_MAX = 9999;
    public static final String SHUTDOWN_MINUTES_RANGE = "0.2..0.9 in tenths or 1..10 whole minutes";

    private static final double EPSILON = 1e-6;

    /** One broken rule: the argument it concerns and a sentence saying what is wrong. */
    public record Violation(String argument, String message) {
    }

    private CommandArguments() {
    }

    /** The arguments {@code command} takes (all of them required). */
    public static Set<String> of(CommandType command) {
        return switch (command) {
            case BATTERY_TEST_TIMED -> Set.of(TEST_MINUTES);
            case SHUTDOWN, SHUTDOWN_STAYOFF -> Set.of(SHUTDOWN_MINUTES);
            case SHUTDOWN_RESTORE -> Set.of(SHUTDOWN_MINUTES, RESTORE_MINUTES);
            default -> Set.of();
        };
    }

    /**
     * Every way the arguments break the rules of {@code command}: a required one missing or out of range,
     * or one given that the command does not take (so a typo never passes silently). Empty when valid.
     */
    public static List<Violation> check(CommandType command, Integer testMinutes, Double shutdownMinutes,
                                        Integer restoreMinutes) {
        List<Violation> out = new ArrayList<>();
        Set<String> takes = of(command);
        wholeMinutes(out, command, takes, TEST_MINUTES, testMinutes, TEST_MINUTES_MIN, TEST_MINUTES_MAX);
        if (takes.contains(SHUTDOWN_MINUTES)) {
            if (shutdownMinutes == null) {
                out.add(new Violation(SHUTDOWN_MINUTES, SHUTDOWN_MINUTES + " is required for " + command
                        + " (" + SHUTDOWN_MINUTES_RANGE + ")"));
            } else if (!isShutdownMinutes(shutdownMinutes)) {
                out.add(new Violation(SHUTDOWN_MINUTES, SHUTDOWN_MINUTES + " must be " + SHUTDOWN_MINUTES_RANGE
                        + " but was " + shutdownMinutes));
            }
        } else if (shutdownMinutes != null) {
            out.add(new Violation(SHUTDOWN_MINUTES, command + " takes no " + SHUTDOWN_MINUTES));
        }
        wholeMinutes(out, command, takes, RESTORE_MINUTES, restoreMinutes, RESTORE_MINUTES_MIN, RESTORE_MINUTES_MAX);
        return out;
    }

    /** True for the delays {@code S<n>} can express: 0.2..0.9 in tenths, or 1..10 whole minutes. */
    public static boolean isShutdownMinutes(double minutes) {
        return shutdownTenths(minutes) > 0 || isWholeShutdown(minutes);
    }

    /** The value the UPS will actually use: 0.30000000000000004 is 0.3. */
    public static double normalizeShutdownMinutes(double minutes) {
        long tenths = shutdownTenths(minutes);
        return tenths > 0 ? tenths / 10.0 : minutes;
    }

    /** The {@code n} of {@code S<n>}: ".2" .. ".9" or "01" .. "10". */
    public static String shutdownCode(double minutes) {
        long tenths = shutdownTenths(minutes);
        if (tenths > 0) {
            return "." + tenths;
        }
        if (isWholeShutdown(minutes)) {
            return String.format(Locale.ROOT, "%02d", (int) minutes);
        }
        throw new IllegalArgumentException(SHUTDOWN_MINUTES + " must be " + SHUTDOWN_MINUTES_RANGE + ", was " + minutes);
    }

    /** 2..9 when {@code minutes} is 0.2..0.9 in whole tenths, else 0. */
    private static long shutdownTenths(double minutes) {
        if (minutes < 0.2 - EPSILON || minutes > 0.9 + EPSILON) {
            return 0;
        }
        long tenths = Math.round(minutes * 10);
        return Math.abs(tenths - minutes * 10) < EPSILON ? tenths : 0;
    }

    private static boolean isWholeShutdown(double minutes) {
        return minutes >= 1 && minutes <= 10 && minutes == Math.rint(minutes);
    }

    private static void wholeMinutes(List<Violation> out, CommandType command, Set<String> takes, String name,
                                     Integer value, int min, int max) {
        if (!takes.contains(name)) {
            if (value != null) {
                out.add(new Violation(name, command + " takes no " + name));
            }
        } else if (value == null) {
            out.add(new Violation(name, name + " is required for " + command + " (" + min + ".." + max + ")"));
        } else if (value < min || value > max) {
            out.add(new Violation(name, name + " must be " + min + ".." + max + " but was " + value));
        }
    }
}
