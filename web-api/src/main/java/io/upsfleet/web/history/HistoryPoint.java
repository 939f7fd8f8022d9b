package io.upsfleet.web.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One point of a history series. Raw points are single readings; 1m points carry the minute's average
 * in the plain fields plus min/max and the sample count, so a chart draws both the same way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPoint(Instant ts, Double inputVoltage, Double outputVoltage, Double loadPercent,
                           Double batteryVoltage, Double batteryCharge, Double temperature, Double inputFrequency,
                           String flags, Integer runtimeSeconds, Boolean onBattery, Integer samples,
                           Double inputVoltageMin, Double inputVoltageMax, Double outputVoltageMin, Double outputVoltageMax,
                           Double loadPercentMin, Double loadPercentMax, Double batteryVoltageMin, Double batteryVoltageMax,
                           Double batteryChargeMin, Double batteryChargeMax) {
}
