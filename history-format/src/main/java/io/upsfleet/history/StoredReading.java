package io.upsfleet.history;

import java.time.Instant;

/**
 * One stored reading, field for field the columns of the {@code reading} table (nulls where the UPS did not
 * report a value). {@code flags} are the eight Q1 status bits, b7 first, as '0'/'1' characters.
 */
public record StoredReading(Instant ts, Double inputVoltage, Double inputFaultVoltage, Double outputVoltage,
                            Integer loadPercent, Double inputFrequency, Double batteryVoltage, Double temperature,
                            String flags, Double batteryCharge, Integer runtimeSeconds) {
}
