package io.upsfleet.gateway.poll;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.upsfleet.contracts.CommandOutcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's meters, exposed at /q/metrics (names prefixed upsfleet_gateway_).
 *
 * <p>The counts live here and Micrometer only reads them ({@link FunctionCounter}), like the gauges. When
 * the gateway starts polling (StartupEvent) Quarkus has not yet attached the Prometheus registry to the
 * injected composite registry, and a plain Counter drops what is counted before that: a restarted gateway
 * whose first replies came within that window reported up to a dozen good polls fewer than it published
 * (found by the fault test, reproduced by GatewayMetricsTest).
 */
public final class GatewayMetrics {

    public final LongAdder pollsOk = new LongAdder();
    public final LongAdder pollsTimeout = new LongAdder();
    public final LongAdder pollsMalformed = new LongAdder();
    public final LongAdder pollsLinkError = new LongAdder();
    public final LongAdder pollsSkipped = new LongAdder();
    public final DistributionSummary pollSlipMillis;
    public final AtomicInteger commLost = new AtomicInteger();
    public final AtomicInteger unitsConfigured = new AtomicInteger();
    private final Map<CommandOutcome, LongAdder> commands = new EnumMap<>(CommandOutcome.class);

    public GatewayMetrics(MeterRegistry registry) {
        poll(registry, "ok", pollsOk);
        poll(registry, "timeout", pollsTimeout);
        poll(registry, "malformed", pollsMalformed);
        poll(registry, "link_error", pollsLinkError);
        FunctionCounter.builder("upsfleet.gateway.polls.skipped", pollsSkipped, LongAdder::sum)
                .description("polls not started because the line was still busy with the previous one")
                .register(registry);
        pollSlipMillis = DistributionSummary.builder("upsfleet.gateway.poll.slip")
                .baseUnit("milliseconds").description("delay between when a poll was due and when it started")
                .publishPercentiles(0.5, 0.99)
                // percentiles over roughly the last 30 s, so they show the present, not the start-up
                .distributionStatisticExpiry(java.time.Duration.ofSeconds(30)).distributionStatisticBufferLength(3)
                .register(registry);
        registry.gauge("upsfleet.gateway.ups.comm.lost", commLost);
        registry.gauge("upsfleet.gateway.ups.configured", unitsConfigured);
        for (CommandOutcome outcome : CommandOutcome.values()) {
            LongAdder count = new LongAdder();
            commands.put(outcome, count);
            FunctionCounter.builder("upsfleet.gateway.commands", count, LongAdder::sum)
                    .tag("outcome", outcome.name().toLowerCase()).register(registry);
        }
    }

    private static void poll(MeterRegistry registry, String result, LongAdder count) {
        FunctionCounter.builder("upsfleet.gateway.polls", count, LongAdder::sum).tag("result", result)
                .description("Q1 polls by result").register(registry);
    }

    public void command(CommandOutcome outcome) {
        commands.get(outcome).increment();
    }
}
