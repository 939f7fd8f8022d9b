package io.upsfleet.gateway.megatec;

/** A parsed {@code F} reply: rated voltage (V), rated current (A), nominal battery voltage (V), frequency (Hz). */
public record RatingReply(Double ratedVoltage, Double ratedCurrent, Double nominalBatteryVoltage, Double ratedFrequency) {
}
