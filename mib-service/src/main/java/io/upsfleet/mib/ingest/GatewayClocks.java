package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.FromGateway;
import io.upsfleet.contracts.UpsPayload;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one batch tells about the gateways' clocks: per gateway, the largest offset of a fresh fact
 * (reading or alarm edge: its timestamp minus now; positive = the clock is ahead) and whether any of its
 * messages were refused for their timestamp. Pure bookkeeping; {@link FleetStore} keeps the result.
 */
final class GatewayClocks {

    /** One gateway's verdict for the batch; {@code offsetMillis} is null when it sent no fresh fact. */
    record Observation(String gatewayId, Long offsetMillis, boolean skewed) {
    }

    private final Instant now;
    private final Map<String, Observation> byGateway = new LinkedHashMap<>();

    GatewayClocks(Instant now) {
        this.now = now;
    }

    /** A valid message; {@code fresh} for facts stamped when they happened (not retained states). */
    void accepted(UpsPayload payload, boolean fresh) {
        if (!(payload instanceof FromGateway g)) {
            return;
        }
        Long offset = fresh ? Duration.between(now, payload.ts()).toMillis() : null;
        byGateway.merge(g.gatewayId(), new Observation(g.gatewayId(), offset, false), GatewayClocks::combine);
    }

    /** A message of {@code gatewayId} refused for its timestamp. */
    void refused(String gatewayId) {
        if (gatewayId != null && !"-".equals(gatewayId)) {
            byGateway.merge(gatewayId, new Observation(gatewayId, null, true), GatewayClocks::combine);
        }
    }

    Collection<Observation> observations() {
        return byGateway.values();
    }

    private static Observation combine(Observation a, Observation b) {
        Long offset = a.offsetMillis() == null ? b.offsetMillis()
                : b.offsetMillis() == null ? a.offsetMillis() : Long.valueOf(Math.max(a.offsetMillis(), b.offsetMillis()));
        return new Observation(a.gatewayId(), offset, a.skewed() || b.skewed());
    }
}
