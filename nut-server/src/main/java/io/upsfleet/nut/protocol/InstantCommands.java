package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandArguments;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.StatusFlags;

import java.util.List;

/**
 * NUT's instant commands of a Megatec unit and the upsfleet command each one becomes. Values follow NUT's
 * conventions (nutdrv_qx): delays and test durations in seconds, converted here to the minutes the Megatec
 * requests take and checked against {@link CommandArguments}.
 */
public final class InstantCommands {

    /** Every command nut-server offers (LIST CMD), sorted. */
    public static final List<String> NAMES = List.of("beeper.disable", "beeper.enable", "beeper.toggle", "load.off",
            "load.off.delay", "load.on", "shutdown.return", "shutdown.stayoff", "shutdown.stop", "test.battery.start",
            "test.battery.start.deep", "test.battery.start.quick", "test.battery.stop");

    /** nutdrv_qx's range for test.battery.start: 1..99 minutes, in seconds; its default is 600. */
    static final int TEST_SECONDS_MIN = 60;
    static final int TEST_SECONDS_MAX = 5940;
    static final int TEST_SECONDS_DEFAULT = 600;

    /** What to do with one INSTCMD. */
    public sealed interface Plan permits Send, AlreadyDone, Refused {
    }

    /** Publish this command. */
    public record Send(CommandType command, Integer testMinutes, Double shutdownMinutes, Integer restoreMinutes) implements Plan {
        static Send plain(CommandType command) {
            return new Send(command, null, null, null);
        }
    }

    /** Nothing to send: the UPS is already in the asked state (beeper.enable on an enabled beeper). */
    public record AlreadyDone() implements Plan {
    }

    /** Refuse with this NUT error code. */
    public record Refused(String error) implements Plan {
    }

    /**
     * The defaults of shutdown.return / shutdown.stayoff / load.off.delay without a value, as NUT's
     * ups.delay.shutdown (seconds) and ups.delay.start (minutes here: R&lt;m&gt; counts minutes).
     */
    public record Defaults(int shutdownSeconds, int restoreMinutes) {
        public Defaults {
            if (shutdownMinutes(shutdownSeconds) == null) {
                throw new IllegalArgumentException("shutdown delay " + shutdownSeconds + " s is not one the UPS takes: "
                        + CommandArguments.SHUTDOWN_MINUTES_RANGE + " (12..54 s in steps of 6 s, or 60..600 s in whole minutes)");
            }
            if (restoreMinutes < CommandArguments.RESTORE_MINUTES_MIN || restoreMinutes > CommandArguments.RESTORE_MINUTES_MAX) {
                throw new IllegalArgumentException("restore delay must be " + CommandArguments.RESTORE_MINUTES_MIN + ".."
                        + CommandArguments.RESTORE_MINUTES_MAX + " minutes, was " + restoreMinutes);
            }
        }
    }

    private InstantCommands() {
    }

    public static boolean offered(String name) {
        return NAMES.contains(name);
    }

    /** @param flags the UPS's latest flags (for beeper.enable/disable), null if unknown */
    public static Plan plan(String name, String value, StatusFlags flags, Defaults defaults) {
        return switch (name) {
            case "test.battery.start.quick" -> none(value, CommandType.BATTERY_TEST_QUICK);
            case "test.battery.start.deep" -> none(value, CommandType.BATTERY_TEST_DEEP);
            case "test.battery.stop" -> none(value, CommandType.CANCEL_TEST);
            case "beeper.toggle" -> none(value, CommandType.BEEPER_TOGGLE);
            case "load.off" -> none(value, CommandType.LOAD_OFF);
            case "load.on", "shutdown.stop" -> none(value, CommandType.CANCEL_SHUTDOWN);
            case "beeper.enable", "beeper.disable" -> beeper(value, flags, name.equals("beeper.enable"));
            case "test.battery.start" -> timedTest(value);
            case "shutdown.return" -> delayed(value, defaults, CommandType.SHUTDOWN_RESTORE, defaults.restoreMinutes());
            case "shutdown.stayoff", "load.off.delay" -> delayed(value, defaults, CommandType.SHUTDOWN_STAYOFF, null);
            default -> new Refused("CMD-NOT-SUPPORTED");
        };
    }

    private static Plan none(String value, CommandType command) {
        return value == null ? Send.plain(command) : new Refused("INVALID-ARGUMENT");
    }

    private static Plan beeper(String value, StatusFlags flags, boolean wantOn) {
        if (value != null) {
            return new Refused("INVALID-ARGUMENT");
        }
        if (flags == null) {
            return new Refused("INSTCMD-FAILED");
        }
        return flags.beeperOn() == wantOn ? new AlreadyDone() : Send.plain(CommandType.BEEPER_TOGGLE);
    }

    private static Plan timedTest(String value) {
        Integer seconds = value == null ? Integer.valueOf(TEST_SECONDS_DEFAULT) : seconds(value);
        if (seconds == null || seconds < TEST_SECONDS_MIN || seconds > TEST_SECONDS_MAX) {
            return new Refused("INVALID-ARGUMENT");
        }
        return new Send(CommandType.BATTERY_TEST_TIMED, seconds / 60, null, null);
    }

    private static Plan delayed(String value, Defaults defaults, CommandType command, Integer restoreMinutes) {
        Integer seconds = value == null ? Integer.valueOf(defaults.shutdownSeconds()) : seconds(value);
        Double minutes = seconds == null ? null : shutdownMinutes(seconds);
        return minutes == null ? new Refused("INVALID-ARGUMENT") : new Send(command, null, minutes, restoreMinutes);
    }

    /** {@code seconds} as the n of S&lt;n&gt; in minutes (0.2..0.9 or 1..10), or null if the UPS cannot express it. */
    static Double shutdownMinutes(int seconds) {
        double minutes = seconds / 60.0;
        return CommandArguments.isShutdownMinutes(minutes) ? CommandArguments.normalizeShutdownMinutes(minutes) : null;
    }

    /** A whole number of seconds, as NUT's drivers read it; null when it is not one. */
    private static Integer seconds(String value) {
        if (value.isEmpty() || value.length() > 6) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.valueOf(value);
    }
}
