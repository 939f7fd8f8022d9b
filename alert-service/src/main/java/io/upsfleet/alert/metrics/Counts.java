package io.upsfleet.alert.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * alert-service's counters. The counts live here and Micrometer reads them ({@link FunctionCounter}):
 * at startup the registry Quarkus injects is a composite without its Prometheus child yet, and a plain
 * Counter drops what is counted before the child is attached, such as the alarms a resumed MQTT session
 * delivers at once (device-gateway lost counts that way; its GatewayMetricsTest reproduces it).
 */
@ApplicationScoped
public class Counts {

    private final MeterRegistry registry;
    private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

    public Counts(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds {@code n} to the counter {@code name} with the given tag key/value pairs. */
    public void add(String name, long n, String... tags) {
        counts.computeIfAbsent(key(name, tags), k -> {
            LongAdder count = new LongAdder();
            FunctionCounter.builder(name, count, LongAdder::sum).tags(Tags.of(tags)).register(registry);
            return count;
        }).add(n);
    }

    public void increment(String name, String... tags) {
        add(name, 1, tags);
    }

    /** The current total of a counter (0 if never counted). */
    public long count(String name, String... tags) {
        LongAdder count = counts.get(key(name, tags));
        return count == null ? 0 : count.sum();
    }

    private static List<String> key(String name, String... tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return List.of(key);
    }
}
