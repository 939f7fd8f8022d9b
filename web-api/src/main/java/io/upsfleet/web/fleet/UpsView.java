package io.upsfleet.web.fleet;

import java.time.Instant;
import java.util.List;

/**
 * One UPS as the API shows it: metadata, communication state, status tokens and its latest reading
 * (flat, so a fleet grid reads it without digging). {@code identity} and {@code rating} are only filled
 * for the single-UPS view. {@code stale}: the latest reading is older than {@code upsfleet.fleet.stale-after},
 * so the values are not current.
 */
public record UpsView(String id, String name, String site, List<String> tags, String gatewayId,
                      String comm, String flags, List<String> status, Instant statusTs, Instant lastReadingTs,
                      Double inputVoltage, Double inputFaultVoltage, Double outputVoltage, Integer loadPercent,
                      Double inputFrequency, Double batteryVoltage, Double temperature,
                      Double batteryCharge, Integer runtimeSeconds, boolean stale,
                      Identity identity, Rating rating, Instant updatedAt) {

    public record Identity(String manufacturer, String model, String firmware) {
    }

    public record Rating(Double ratedVoltage, Double ratedCurrent, Double nominalBatteryVoltage, Double ratedFrequency) {
    }
}
