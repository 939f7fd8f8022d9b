package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.nut.fleet.UnitState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The NUT variables of one UPS, from what the bus said about it: names and formats as NUT's drivers
 * (nutdrv_qx) publish them, sorted by name as upsd lists them. A value the UPS did not report is not listed.
 */
public final class Variables {

    /** Variables that hold text (TYPE answers STRING); all others are numbers. */
    private static final Set<String> STRINGS = Set.of("ups.status", "ups.alarm", "ups.beeper.status", "ups.id", "ups.mfr",
            "ups.model", "ups.firmware", "device.mfr", "device.model", "device.type", "driver.name", "driver.version");
    /** Alarms that have a status token of their own; the rest make ALARM and show in ups.alarm. */
    private static final Set<AlarmType> IN_STATUS_ONLY = Set.of(AlarmType.ON_BATTERY, AlarmType.LOW_BATTERY,
            AlarmType.COMM_LOST, AlarmType.SHUTDOWN_PENDING, AlarmType.OVERLOAD, AlarmType.REPLACE_BATTERY);

    private Variables() {
    }

    public static boolean isString(String name) {
        return STRINGS.contains(name);
    }

    public static SortedMap<String, String> of(UnitState unit, String version) {
        TreeMap<String, String> v = new TreeMap<>();
        v.put("device.type", "ups");
        v.put("driver.name", "upsfleet");
        v.put("driver.version", version);
        v.put("ups.id", unit.upsId());
        Reading r = unit.reading();
        if (r != null) {
            put(v, "input.voltage", r.inputVoltage(), "%.1f");
            put(v, "input.voltage.fault", r.inputFaultVoltage(), "%.1f");
            put(v, "output.voltage", r.outputVoltage(), "%.1f");
            put(v, "input.frequency", r.inputFrequency(), "%.1f");
            put(v, "battery.voltage", r.batteryVoltage(), "%.2f");
            put(v, "ups.temperature", r.temperature(), "%.1f");
            put(v, "battery.charge", r.batteryCharge(), "%.0f");
            if (r.loadPercent() != null) {
                v.put("ups.load", Integer.toString(r.loadPercent()));
            }
            if (r.runtimeSeconds() != null) {
                v.put("battery.runtime", Integer.toString(r.runtimeSeconds()));
            }
        }
        Identity id = unit.identity();
        if (id != null) {
            putText(v, id.manufacturer(), "device.mfr", "ups.mfr");
            putText(v, id.model(), "device.model", "ups.model");
            putText(v, id.firmware(), "ups.firmware");
            put(v, "input.voltage.nominal", id.ratedVoltage(), "%.1f");
            put(v, "input.current.nominal", id.ratedCurrent(), "%.1f");
            put(v, "input.frequency.nominal", id.ratedFrequency(), "%.1f");
            put(v, "battery.voltage.nominal", id.nominalBatteryVoltage(), "%.1f");
        }
        StatusFlags flags = unit.flags();
        if (flags != null) {
            v.put("ups.beeper.status", flags.beeperOn() ? "enabled" : "disabled");
        }
        String alarms = alarmText(unit);
        if (!alarms.isEmpty()) {
            v.put("ups.alarm", alarms);
        }
        String status = status(unit, flags, !alarms.isEmpty());
        if (!status.isEmpty()) {
            v.put("ups.status", status);
        }
        return v;
    }

    /**
     * NUT status tokens: FSD (a shutdown in force here, or b1 on the UPS), OL/OB, LB, RB (replace battery), OVER,
     * BYPASS, CAL (battery test), OFF (output off while not on battery, or after a stay-off shutdown), ALARM.
     */
    static String status(UnitState unit, StatusFlags flags, boolean alarm) {
        List<String> t = new ArrayList<>(6);
        if (unit.forcedShutdown() || (flags != null && flags.shutdownActive())) {
            t.add("FSD");
        }
        if (flags != null) {
            t.add(flags.utilityFail() ? "OB" : "OL");
            if (flags.batteryLow()) {
                t.add("LB");
            }
        }
        if (unit.openAlarms().contains(AlarmType.REPLACE_BATTERY)) {
            t.add("RB");
        }
        if (unit.openAlarms().contains(AlarmType.OVERLOAD)) {
            t.add("OVER");
        }
        if (flags != null) {
            if (flags.bypassActive()) {
                t.add("BYPASS");
            }
            if (flags.testInProgress()) {
                t.add("CAL");
            }
        }
        Reading r = unit.reading();
        if (r != null && r.outputVoltage() != null && r.outputVoltage() == 0
                && (flags == null || !flags.utilityFail() || unit.stayOff())) {
            t.add("OFF");
        }
        if (alarm || (flags != null && flags.upsFailed())) {
            t.add("ALARM");
        }
        return String.join(" ", t);
    }

    private static String alarmText(UnitState unit) {
        List<String> out = new ArrayList<>();
        StatusFlags flags = unit.flags();
        if (flags != null && flags.upsFailed()) {
            out.add("UPS fault");
        }
        for (AlarmType a : AlarmType.values()) {
            if (unit.openAlarms().contains(a) && !IN_STATUS_ONLY.contains(a) && a != AlarmType.UPS_FAULT) {
                out.add(a.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return String.join(", ", out);
    }

    private static void put(Map<String, String> v, String name, Double value, String format) {
        if (value != null) {
            v.put(name, String.format(Locale.ROOT, format, value));
        }
    }

    private static void putText(Map<String, String> v, String value, String... names) {
        if (value != null && !value.isBlank()) {
            for (String name : names) {
                v.put(name, value.trim());
            }
        }
    }
}
