package io.upsfleet.gateway.poll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.upsfleet.contracts.CommandOutcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's meters, exposed at /q/metrics (names prefixed upsfleet_gateway_). */
public final class GatewayMetrics {

    public final Counter pollsOk;
    public final Counter pollsTimeout;
    public final Counter pollsMalformed;
    public final Counter pollsLinkError;
    public final Counter pollsSkipped;
    public final DistributionSummary pollSlipMillis;
    public final AtomicInteger commLost = new AtomicInteger();
    public final AtomicInteger unitsConfigured = new AtomicInteger();
    private final Map<CommandOutcome, Counter> commands = new EnumMap<>(CommandOutcome.class);

    public GatewayMetrics(MeterRegistry registry) {
        pollsOk = poll(registry, "ok");
        pollsTimeout = poll(registry, "timeout");
        pollsMalformed = poll(registry, "malformed");
        pollsLinkError = poll(registry, "link_error");
        pollsSkipped = Counter.builder("upsfleet.gateway.polls.skipped")
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
            commands.put(outcome, Counter.builder("upsfleet.gateway.commands")
                    .tag("outcome", outcome.name().toLowerCase()).register(registry));
        }
    }

    private static Counter poll(MeterRegistry registry, String result) {
        return Counter.builder("upsfleet.gateway.polls").tag("result", result)
                .description("Q1 polls by result").register(registry);
    }

    public void command(CommandOutcome outcome) {
        commands.get(outcome).increment();
    }
}
