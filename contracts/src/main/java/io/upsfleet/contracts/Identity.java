package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * What the UPS says about itself (Megatec {@code I} and {@code F}), read at connect and published
 * retained on {@link Topics#identity(String)}. Fields the UPS does not support are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Identity(int v, String upsId, String gatewayId, Instant ts,
                       String manufacturer, String model, String firmware,
                       Double ratedVoltage, Double ratedCurrent, Double nominalBatteryVoltage, Double ratedFrequency)
        implements UpsPayload, FromGateway {

    public static final int VERSION = 1;
    private static final String TYPE = "Identity";

    public Identity {
        Check.version(v, VERSION, TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.text(manufacturer, Text.NAME_MAX, "manufacturer", TYPE);
        Check.text(model, Text.NAME_MAX, "model", TYPE);
        Check.text(firmware, Text.NAME_MAX, "firmware", TYPE);
    }
}
