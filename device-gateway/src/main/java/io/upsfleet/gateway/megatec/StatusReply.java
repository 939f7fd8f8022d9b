package io.upsfleet.gateway.megatec;

import io.upsfleet.contracts.StatusFlags;

/**
 * A parsed Q1 reply. Fields the UPS sent as placeholders ({@code --.-}) are null.
 */
public record StatusReply(Double inputVoltage, Double inputFaultVoltage, Double outputVoltage, Integer loadPercent,
                          Double inputFrequency, Double batteryVoltage, Double temperature, StatusFlags flags) {
}
