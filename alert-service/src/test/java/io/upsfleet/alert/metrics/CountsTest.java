package io.upsfleet.alert.metrics;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CountsTest {

    @Test
    void countsMadeBeforeTheExportingRegistryIsAttachedAreNotLost() {
        CompositeMeterRegistry injected = new CompositeMeterRegistry(); // as at StartupEvent: no child yet
        Counts counts = new Counts(injected);
        counts.increment("upsfleet.alert.alarms.received", "outcome", "stored");
        counts.add("upsfleet.alert.opened", 2);

        SimpleMeterRegistry exporter = new SimpleMeterRegistry();
        injected.add(exporter);
        counts.increment("upsfleet.alert.alarms.received", "outcome", "stored");
        counts.increment("upsfleet.alert.alarms.received", "outcome", "duplicate");

        assertEquals(2, exporter.get("upsfleet.alert.alarms.received").tag("outcome", "stored").functionCounter().count());
        assertEquals(1, exporter.get("upsfleet.alert.alarms.received").tag("outcome", "duplicate").functionCounter().count());
        assertEquals(2, exporter.get("upsfleet.alert.opened").functionCounter().count());
        assertEquals(2, counts.count("upsfleet.alert.alarms.received", "outcome", "stored"));
        assertEquals(0, counts.count("upsfleet.alert.never"));
    }
}
