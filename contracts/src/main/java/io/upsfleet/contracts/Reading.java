package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One successful Q1 poll of one UPS, published on {@link Topics#reading(String)} (QoS 1, not retained).
 * {@code (upsId, ts)} identifies a reading: a redelivered message carries the same pair, so consumers
 * can store it idempotently.
 *
 * @param v                 payload version, always {@link #VERSION}
 * @param upsId             configured UPS id
 * @param gatewayId         the gateway that polled it
 * @param ts                when the reply was received (UTC)
 * @param inputVoltage      V
 * @param inputFaultVoltage V, last input fault voltage (model dependent)
 * @param outputVoltage     V
 * @param loadPercent       output load in % of rating
 * @param inputFrequency    Hz
 * @param batteryVoltage    V, as reported (per cell on some models, whole pack on others)
 * @param temperature       °C; null when the UPS does not report it ("--.-")
 * @param flags             the 8 raw Q1 status bits, b7 first
 * @param status            NUT-style status tokens derived from the flags
 * @param batteryCharge     estimated charge in %, null if not configured
 * @param runtimeSeconds    estimated runtime in s at the current load, null if not configured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(int v, String upsId, String gatewayId, Instant ts,
                      Double inputVoltage, Double inputFaultVoltage, Double outputVoltage, Integer loadPercent,
                      Double inputFrequency, Double batteryVoltage, Double temperature,
                      String flags, List<String> status, Double batteryCharge, Integer runtimeSeconds) implements UpsPayload, FromGateway {

    public static final int VERSION = 1;
    private static final String TYPE = "Reading";

    public Reading {
        Check.version(v, VERSION, TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.range(inputVoltage, 0, 1000, "inputVoltage", TYPE);
        Check.range(inputFaultVoltage, 0, 1000, "inputFaultVoltage", TYPE);
        Check.range(outputVoltage, 0, 1000, "outputVoltage", TYPE);
        Check.range(loadPercent, 0, 999, "loadPercent", TYPE);
        Check.range(inputFrequency, 0, 100, "inputFrequency", TYPE);
        Check.range(batteryVoltage, 0, 1000, "batteryVoltage", TYPE);
        Check.range(temperature, -100, 200, "temperature", TYPE);
        Check.range(batteryCharge, 0, 100, "batteryCharge", TYPE);
        Check.range(runtimeSeconds, 0, Integer.MAX_VALUE, "runtimeSeconds", TYPE);
        StatusFlags parsed = StatusFlags.parse(Check.notNull(flags, "flags", TYPE));
        status = status == null ? parsed.nutTokens() : List.copyOf(Check.tokens(status, "status", TYPE));
    }

    public StatusFlags statusFlags() {
        return StatusFlags.parse(flags);
    }
}
