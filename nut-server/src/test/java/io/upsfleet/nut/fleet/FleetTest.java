package io.upsfleet.nut.fleet;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.UpsStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private final Fleet fleet = new Fleet();

    private static Reading reading(Instant ts, double outputVoltage) {
        return new Reading(1, "ups-1", "gw", ts, 230.0, null, outputVoltage, 10, 50.0, 2.2, null, "00001000", null, null, null);
    }

    private UnitState unit() {
        return fleet.find("ups-1").orElseThrow();
    }

    @Test
    void olderMessagesNeverReplaceNewerOnes() {
        fleet.apply(reading(T.plusSeconds(2), 230.0), T);
        fleet.apply(reading(T, 100.0), T);
        assertEquals(230.0, unit().reading().outputVoltage());
        fleet.apply(new UpsStatus(1, "ups-1", "gw", T.plusSeconds(5), UpsStatus.CommState.LOST, null, null, null));
        fleet.apply(new UpsStatus(1, "ups-1", "gw", T, UpsStatus.CommState.OK, null, null, null));
        assertEquals(UpsStatus.CommState.LOST, unit().status().comm());
    }

    @Test
    void aPrimarysFsdLastsUntilTheOutputWentOffAndCameBack() {
        fleet.apply(reading(T, 230.0), T);
        fleet.latchFsd("ups-1");
        fleet.apply(reading(T.plusSeconds(1), 230.0), T);
        assertTrue(unit().forcedShutdown());
        fleet.apply(reading(T.plusSeconds(2), 0.0), T);
        assertTrue(unit().forcedShutdown(), "still off");
        fleet.apply(reading(T.plusSeconds(3), 231.0), T);
        assertFalse(unit().forcedShutdown(), "power cycled: the latch is spent");
    }

    @Test
    void aConfirmedCancelEndsFsdAndStayOff() {
        fleet.apply(reading(T, 230.0), T);
        fleet.latchFsd("ups-1");
        fleet.apply(new CommandResult(1, "c1", "ups-1", "gw", CommandType.LOAD_OFF, CommandOutcome.DONE, null, T));
        assertTrue(unit().stayOff());
        fleet.apply(new CommandResult(1, "c2", "ups-1", "gw", CommandType.CANCEL_SHUTDOWN, CommandOutcome.ACCEPTED, null, T));
        assertTrue(unit().forcedShutdown(), "not final yet");
        fleet.apply(new CommandResult(1, "c2", "ups-1", "gw", CommandType.CANCEL_SHUTDOWN, CommandOutcome.DONE, null, T));
        assertFalse(unit().forcedShutdown());
        assertFalse(unit().stayOff());
    }

    @Test
    void aClearedStatusRemovesTheUnit() {
        fleet.apply(new UpsStatus(1, "ups-1", "gw", T, UpsStatus.CommState.OK, "00001000", null, T));
        fleet.apply(reading(T, 230.0), T);
        assertEquals(1, fleet.list().size());
        fleet.cleared("ups-1", "status");
        assertTrue(fleet.find("ups-1").isEmpty());
        assertEquals(0, fleet.size());
    }
}
