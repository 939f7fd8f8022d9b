package io.upsfleet.nut.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * nut-server's counters. Counted in LongAdders that Micrometer reads ({@link FunctionCounter}): the registry
 * injected at startup has no Prometheus child yet, and a plain Counter would drop the retained statuses that
 * arrive right after the subscriptions are made (see alert-service's Counts).
 */
public final class NutMetrics {

    private final MeterRegistry registry;
    private final Map<String, LongAdder> adders = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    public NutMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("upsfleet.nut.connections.active", connections, AtomicInteger::get)
                .description("open NUT connections").register(registry);
    }

    /** Gauges read from the fleet and the logins when scraped. */
    public void gauges(Supplier<Number> units, Supplier<Number> logins) {
        // strong references: a gauge holds its state weakly, and nothing else holds these suppliers
        Gauge.builder("upsfleet.nut.units", units, s -> s.get().doubleValue()).strongReference(true)
                .description("UPS units known from the bus").register(registry);
        Gauge.builder("upsfleet.nut.logins", logins, s -> s.get().doubleValue()).strongReference(true)
                .description("NUT clients logged in (LOGIN)").register(registry);
    }

    /** A message taken from the bus, by kind (status, identity, reading, alarm, command-result, host-shutdown). */
    public void received(String kind) {
        count("upsfleet.nut.mqtt.received", "kind", kind);
    }

    /** A message that broke the contract (logged, ignored). */
    public void invalid(String kind) {
        count("upsfleet.nut.mqtt.invalid", "kind", kind);
    }

    public void opened() {
        connections.incrementAndGet();
        count("upsfleet.nut.connections.opened", null, null);
    }

    /** A connection ended: logout, idle, peer (closed or reset by the client), auth (too many failures), tls. */
    public void closed(String reason) {
        connections.decrementAndGet();
        count("upsfleet.nut.connections.closed", "reason", reason);
    }

    public void request() {
        count("upsfleet.nut.requests", null, null);
    }

    /** An ERR reply, by code. */
    public void error(String code) {
        count("upsfleet.nut.errors", "code", code);
    }

    public void commandSent(String command) {
        count("upsfleet.nut.commands.sent", "command", command);
    }

    public long get(String name, String tagValue) {
        LongAdder a = adders.get(name + "|" + tagValue);
        return a == null ? 0 : a.sum();
    }

    public int activeConnections() {
        return connections.get();
    }

    private void count(String name, String tag, String value) {
        adders.computeIfAbsent(name + "|" + value, k -> {
            LongAdder adder = new LongAdder();
            FunctionCounter.Builder<LongAdder> b = FunctionCounter.builder(name, adder, LongAdder::sum);
            if (tag != null) {
                b.tag(tag, value);
            }
            b.register(registry);
            return adder;
        }).increment();
    }
}
