package io.upsfleet.web.live;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.LongAdder;

/**
 * What web-api takes from MQTT. Counted here and read by Micrometer ({@link FunctionCounter}): the
 * registry injected at startup has no Prometheus child yet, and a plain Counter would drop the retained
 * statuses that arrive right after the subscriptions are made.
 */
@ApplicationScoped
public class IntakeMetrics {

    private final LongAdder statuses = new LongAdder();
    private final LongAdder alarms = new LongAdder();
    private final LongAdder commandResultsApplied = new LongAdder();
    private final LongAdder invalid = new LongAdder();

    public IntakeMetrics(MeterRegistry registry) {
        FunctionCounter.builder("upsfleet.web.mqtt.received", statuses, LongAdder::sum).tag("kind", "status").register(registry);
        FunctionCounter.builder("upsfleet.web.mqtt.received", alarms, LongAdder::sum).tag("kind", "alarm").register(registry);
        FunctionCounter.builder("upsfleet.web.command.results", commandResultsApplied, LongAdder::sum).tag("applied", "true")
                .register(registry);
        FunctionCounter.builder("upsfleet.web.mqtt.invalid", invalid, LongAdder::sum)
                .description("MQTT payloads that broke the contract (logged, ignored)").register(registry);
    }

    public void status() {
        statuses.increment();
    }

    public void alarm() {
        alarms.increment();
    }

    public void commandResultApplied() {
        commandResultsApplied.increment();
    }

    public void invalid() {
        invalid.increment();
    }

    public long alarms() {
        return alarms.sum();
    }

    public long invalidCount() {
        return invalid.sum();
    }
}
