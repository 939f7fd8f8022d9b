package io.upsfleet.nut.protocol;

import java.util.Map;

/** What GET DESC and GET CMDDESC answer: a short sentence per variable and instant command. */
final class Descriptions {

    static final String UNAVAILABLE = "Description unavailable";

    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("ups.status", "UPS status"),
            Map.entry("ups.alarm", "UPS alarms"),
            Map.entry("ups.load", "Load on UPS (percent of full)"),
            Map.entry("ups.temperature", "UPS temperature (degrees C)"),
            Map.entry("ups.beeper.status", "UPS beeper status"),
            Map.entry("ups.id", "UPS system identifier"),
            Map.entry("ups.mfr", "UPS manufacturer"),
            Map.entry("ups.model", "UPS model"),
            Map.entry("ups.firmware", "UPS firmware"),
            Map.entry("battery.charge", "Battery charge (percent of full), estimated from its voltage"),
            Map.entry("battery.runtime", "Battery runtime (seconds), estimated"),
            Map.entry("battery.voltage", "Battery voltage (V)"),
            Map.entry("battery.voltage.nominal", "Nominal battery voltage (V)"),
            Map.entry("input.voltage", "Input voltage (V)"),
            Map.entry("input.voltage.fault", "Input voltage during the last power failure (V)"),
            Map.entry("input.voltage.nominal", "Nominal input voltage (V)"),
            Map.entry("input.current.nominal", "Nominal input current (A)"),
            Map.entry("input.frequency", "Input line frequency (Hz)"),
            Map.entry("input.frequency.nominal", "Nominal input line frequency (Hz)"),
            Map.entry("output.voltage", "Output voltage (V)"),
            Map.entry("device.mfr", "Device manufacturer"),
            Map.entry("device.model", "Device model"),
            Map.entry("device.type", "Device type (ups, pdu, scd, psu, ats)"),
            Map.entry("driver.name", "Driver name"),
            Map.entry("driver.version", "Driver version"));

    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("beeper.toggle", "Toggle the UPS beeper"),
            Map.entry("beeper.enable", "Enable the UPS beeper"),
            Map.entry("beeper.disable", "Disable the UPS beeper"),
            Map.entry("load.off", "Turn off the load immediately (stays off until load.on)"),
            Map.entry("load.off.delay", "Turn off the load after a delay in seconds (stays off until load.on)"),
            Map.entry("load.on", "Turn on the load immediately"),
            Map.entry("shutdown.return", "Turn off the load and return when power is back (delay in seconds)"),
            Map.entry("shutdown.stayoff", "Turn off the load and remain off (delay in seconds)"),
            Map.entry("shutdown.stop", "Stop a shutdown in progress"),
            Map.entry("test.battery.start", "Start a battery test (duration in seconds, 60..5940)"),
            Map.entry("test.battery.start.quick", "Start a quick battery test"),
            Map.entry("test.battery.start.deep", "Start a deep battery test"),
            Map.entry("test.battery.stop", "Stop the battery test"));

    private Descriptions() {
    }

    static String variable(String name) {
        return VARIABLES.getOrDefault(name, UNAVAILABLE);
    }

    static String command(String name) {
        return COMMANDS.getOrDefault(name, UNAVAILABLE);
    }
}
