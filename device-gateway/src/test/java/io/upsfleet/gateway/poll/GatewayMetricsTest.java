package io.upsfleet.gateway.poll;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.upsfleet.contracts.CommandOutcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At StartupEvent, when the gateway creates its meters and starts polling, the registry Quarkus injects
 * is a composite without children (the Prometheus registry is attached a little later). Whatever is
 * counted in between must still show once the exporter is there.
 */
class GatewayMetricsTest {

    @Test
    void countsMadeBeforeTheExportingRegistryIsAttachedAreNotLost() {
        CompositeMeterRegistry injected = new CompositeMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(injected);
        for (int i = 0; i < 5; i++) {
            metrics.pollsOk.increment();
        }
        metrics.pollsTimeout.increment();
        metrics.command(CommandOutcome.DONE);

        SimpleMeterRegistry exporter = new SimpleMeterRegistry();
        injected.add(exporter);
        metrics.pollsOk.increment();

        assertEquals(6, polls(exporter, "ok"));
        assertEquals(1, polls(exporter, "timeout"));
        assertEquals(0, polls(exporter, "malformed"));
        assertEquals(1, count(exporter.get("upsfleet.gateway.commands").tag("outcome", "done").meter()));
    }

    private static double polls(SimpleMeterRegistry registry, String result) {
        return count(registry.get("upsfleet.gateway.polls").tag("result", result).meter());
    }

    /** Whatever kind of counter the meter is, its total as the exporter reads it. */
    private static double count(Meter meter) {
        return meter.measure().iterator().next().getValue();
    }
}
