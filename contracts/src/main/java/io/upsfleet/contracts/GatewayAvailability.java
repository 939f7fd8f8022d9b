package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Whether a gateway is up, retained on {@link Topics#gatewayAvailability(String)}. The gateway publishes
 * ONLINE at connect and registers OFFLINE as its MQTT last will, so the broker announces a crash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayAvailability(int v, String gatewayId, State state, Instant ts) {

    public static final int VERSION = 1;
    private static final String TYPE = "GatewayAvailability";

    public enum State { ONLINE, OFFLINE }

    public GatewayAvailability {
        Check.version(v, VERSION, TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(state, "state", TYPE);
    }
}
