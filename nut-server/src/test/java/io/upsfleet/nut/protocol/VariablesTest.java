package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.nut.fleet.UnitState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class VariablesTest {

    private static final Instant T = Instant.parse("2026-11-24T10:15:30Z");

    static Reading reading(String flags, Double outputVoltage, Double temperature) {
        return new Reading(1, "ups-1", "gw-1", T, 229.8, 140.0, outputVoltage, 30, 50.0, 2.27, temperature, flags, null, 97.4, 2000);
    }

    static UnitState unit(String flags, Double outputVoltage) {
        return UnitState.empty("ups-1").withReading(reading(flags, outputVoltage, 28.0), T);
    }

    @Test
    void everyReportedValueHasItsNutNameAndFormat() {
        UnitState u = unit("00001001", 230.1).withIdentity(new Identity(1, "ups-1", "gw-1", T, "ACME ", "X1", "1.0", 230.0, 4.0, 24.0, 50.0));
        Map<String, String> v = Variables.of(u, "0.1.0");
        assertEquals(Map.ofEntries(Map.entry("battery.charge", "97"), Map.entry("battery.runtime", "2000"),
                Map.entry("battery.voltage", "2.27"), Map.entry("battery.voltage.nominal", "24.0"),
                Map.entry("device.mfr", "ACME"), Map.entry("device.model", "X1"), Map.entry("device.type", "ups"),
                Map.entry("driver.name", "upsfleet"), Map.entry("driver.version", "0.1.0"),
                Map.entry("input.current.nominal", "4.0"), Map.entry("input.frequency", "50.0"),
                Map.entry("input.frequency.nominal", "50.0"), Map.entry("input.voltage", "229.8"),
                Map.entry("input.voltage.fault", "140.0"), Map.entry("input.voltage.nominal", "230.0"),
                Map.entry("output.voltage", "230.1"), Map.entry("ups.beeper.status", "enabled"), Map.entry("ups.firmware", "1.0"),
                Map.entry("ups.id", "ups-1"), Map.entry("ups.load", "30"), Map.entry("ups.mfr", "ACME"), Map.entry("ups.model", "X1"),
                Map.entry("ups.status", "OL"), Map.entry("ups.temperature", "28.0")), v);
        assertEquals(List.copyOf(new java.util.TreeSet<>(v.keySet())), List.copyOf(v.keySet()), "listed by name, as upsd does");
    }

    @Test
    void valuesTheUpsDidNotReportAreNotListed() {
        Map<String, String> v = Variables.of(UnitState.empty("ups-1").withReading(new Reading(1, "ups-1", "gw-1", T, null, null,
                null, null, null, null, null, "00001000", null, null, null), T), "x");
        assertFalse(v.containsKey("ups.temperature"));
        assertFalse(v.containsKey("battery.charge"));
        assertFalse(v.containsKey("device.mfr"));
        assertEquals("OL", v.get("ups.status"));
    }

    @Test
    void statusTokensComeFromTheFlags() {
        assertEquals("OB LB", status(unit("11001000", 230.0)));
        assertEquals("OL BYPASS CAL", status(unit("00101100", 230.0)));
        assertEquals("FSD OL", status(unit("00001010", 230.0)), "b1: the UPS counts down to a shutdown");
        assertEquals("OL ALARM", status(unit("00011000", 230.0)));
        assertEquals("UPS fault", Variables.of(unit("00011000", 230.0), "x").get("ups.alarm"));
    }

    @Test
    void offWhenTheOutputIsOffWhileNotOnBatteryOrAfterAStayOffShutdown() {
        assertEquals("OL OFF", status(unit("00001000", 0.0)));
        assertEquals("OB", status(unit("10001000", 0.0)), "0 V on battery alone is not known to be off");
        assertEquals("OB OFF", status(unit("10001000", 0.0).withStayOff(true)));
        assertEquals("OL", status(unit("00001000", null)), "no output voltage, nothing known");
    }

    @Test
    void forcedShutdownComesFirstAsUpsdPutsIt() {
        HostShutdownNotice shutdown = new HostShutdownNotice(1, "n-1", "ups-1", T, HostShutdownNotice.Action.SHUTDOWN, 60, "low");
        assertEquals("FSD OB LB", status(unit("11001000", 230.0).withNotice(shutdown)));
        assertEquals("FSD OL", status(unit("00001000", 230.0).withFsdLatched(true)));
        HostShutdownNotice cancelled = new HostShutdownNotice(1, "n-1", "ups-1", T, HostShutdownNotice.Action.CANCELLED, null, null);
        assertEquals("OL", status(unit("00001000", 230.0).withNotice(cancelled)));
    }

    @Test
    void openAlarmsBecomeTheirNutTokens() {
        UnitState u = unit("00001000", 230.0).withAlarms(Set.of(AlarmType.REPLACE_BATTERY, AlarmType.OVERLOAD, AlarmType.RUNTIME_LOW,
                AlarmType.ON_BATTERY));
        assertEquals("OL RB OVER ALARM", status(u));
        assertEquals("runtime low", Variables.of(u, "x").get("ups.alarm"));
    }

    @Test
    void theNewerOfReadingAndStatusGivesTheFlags() {
        UnitState u = unit("00001001", 230.0).withStatus(new UpsStatus(1, "ups-1", "gw-1", T.plusSeconds(1), UpsStatus.CommState.OK,
                "10001000", null, T));
        assertEquals("OB", status(u));
        assertEquals("disabled", Variables.of(u, "x").get("ups.beeper.status"));
    }

    private static String status(UnitState u) {
        return Variables.of(u, "x").get("ups.status");
    }
}
