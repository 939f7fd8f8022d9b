package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.nut.protocol.InstantCommands.AlreadyDone;
import io.upsfleet.nut.protocol.InstantCommands.Defaults;
import io.upsfleet.nut.protocol.InstantCommands.Refused;
import io.upsfleet.nut.protocol.InstantCommands.Send;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InstantCommandsTest {

    private static final Defaults DEFAULTS = new Defaults(30, 3);
    private static final StatusFlags BEEPER_ON = StatusFlags.parse("00001001");
    private static final StatusFlags BEEPER_OFF = StatusFlags.parse("00001000");

    private static InstantCommands.Plan plan(String name, String value) {
        return InstantCommands.plan(name, value, BEEPER_ON, DEFAULTS);
    }

    @Test
    void commandsWithoutArgumentsMapOneToOneAndRefuseAValue() {
        assertEquals(new Send(CommandType.BATTERY_TEST_QUICK, null, null, null), plan("test.battery.start.quick", null));
        assertEquals(new Send(CommandType.BATTERY_TEST_DEEP, null, null, null), plan("test.battery.start.deep", null));
        assertEquals(new Send(CommandType.CANCEL_TEST, null, null, null), plan("test.battery.stop", null));
        assertEquals(new Send(CommandType.BEEPER_TOGGLE, null, null, null), plan("beeper.toggle", null));
        assertEquals(new Send(CommandType.LOAD_OFF, null, null, null), plan("load.off", null));
        assertEquals(new Send(CommandType.CANCEL_SHUTDOWN, null, null, null), plan("load.on", null));
        assertEquals(new Send(CommandType.CANCEL_SHUTDOWN, null, null, null), plan("shutdown.stop", null));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("load.off", "10"));
    }

    @Test
    void timedTestTakesSecondsAsNutdrvQxDoes() {
        assertEquals(new Send(CommandType.BATTERY_TEST_TIMED, 10, null, null), plan("test.battery.start", null), "default 600 s");
        assertEquals(new Send(CommandType.BATTERY_TEST_TIMED, 1, null, null), plan("test.battery.start", "60"));
        assertEquals(new Send(CommandType.BATTERY_TEST_TIMED, 99, null, null), plan("test.battery.start", "5940"));
        assertEquals(new Send(CommandType.BATTERY_TEST_TIMED, 2, null, null), plan("test.battery.start", "150"), "whole minutes");
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("test.battery.start", "59"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("test.battery.start", "5941"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("test.battery.start", "1e3"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("test.battery.start", "-60"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("test.battery.start", "99999999999"));
    }

    @Test
    void shutdownDelaysAreSecondsTheMegatecRequestCanExpress() {
        assertEquals(new Send(CommandType.SHUTDOWN_RESTORE, null, 0.5, 3), plan("shutdown.return", null));
        assertEquals(new Send(CommandType.SHUTDOWN_RESTORE, null, 0.2, 3), plan("shutdown.return", "12"));
        assertEquals(new Send(CommandType.SHUTDOWN_RESTORE, null, 10.0, 3), plan("shutdown.return", "600"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("shutdown.return", "45"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("shutdown.return", "6"));
        assertEquals(new Refused("INVALID-ARGUMENT"), plan("shutdown.return", "660"));
        assertEquals(new Send(CommandType.SHUTDOWN_STAYOFF, null, 0.5, null), plan("shutdown.stayoff", null));
        assertEquals(new Send(CommandType.SHUTDOWN_STAYOFF, null, 1.0, null), plan("load.off.delay", "60"));
        assertEquals(new Send(CommandType.SHUTDOWN_STAYOFF, null, 0.5, null), plan("load.off.delay", null));
    }

    @Test
    void beeperEnableAndDisableToggleOnlyWhenTheKnownStateDiffers() {
        assertEquals(new AlreadyDone(), InstantCommands.plan("beeper.enable", null, BEEPER_ON, DEFAULTS));
        assertEquals(new Send(CommandType.BEEPER_TOGGLE, null, null, null), InstantCommands.plan("beeper.disable", null, BEEPER_ON, DEFAULTS));
        assertEquals(new Send(CommandType.BEEPER_TOGGLE, null, null, null), InstantCommands.plan("beeper.enable", null, BEEPER_OFF, DEFAULTS));
        assertEquals(new AlreadyDone(), InstantCommands.plan("beeper.disable", null, BEEPER_OFF, DEFAULTS));
        assertEquals(new Refused("INSTCMD-FAILED"), InstantCommands.plan("beeper.enable", null, null, DEFAULTS), "state unknown");
    }

    @Test
    void defaultsTheUpsCannotExpressAreRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> new Defaults(45, 3));
        assertThrows(IllegalArgumentException.class, () -> new Defaults(30, 0));
        assertThrows(IllegalArgumentException.class, () -> new Defaults(30, 10_000));
    }

    @Test
    void anUnknownCommandIsNotSupported() {
        assertEquals(new Refused("CMD-NOT-SUPPORTED"), plan("outlet.1.off", null));
        assertEquals(13, InstantCommands.NAMES.size());
    }
}
