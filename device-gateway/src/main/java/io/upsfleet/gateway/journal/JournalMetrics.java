package io.upsfleet.gateway.journal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The journal's meters (upsfleet_gateway_journal_*), read from the journal's own counts. */
public final class JournalMetrics {

    private JournalMetrics() {
    }

    public static void bind(Journal journal, MeterRegistry registry) {
        Gauge.builder("upsfleet.gateway.journal.bytes", journal, Journal::bytes).baseUnit("bytes")
                .description("Bytes of the journal on disk (messages not yet acknowledged by the broker)").register(registry);
        Gauge.builder("upsfleet.gateway.journal.backlog", journal, Journal::backlog)
                .description("Messages journaled and not yet acknowledged by the broker (upper bound)").register(registry);
        FunctionCounter.builder("upsfleet.gateway.journal.appended", journal, Journal::appended)
                .description("Messages written to the journal").register(registry);
        FunctionCounter.builder("upsfleet.gateway.journal.commits", journal, Journal::commits)
                .description("Group commits (one fsync each)").register(registry);
        FunctionCounter.builder("upsfleet.gateway.journal.appended.bytes", journal, Journal::appendedBytes).baseUnit("bytes")
                .description("Topic and payload bytes of the messages written to the journal").register(registry);
        FunctionCounter.builder("upsfleet.gateway.journal.written", journal, Journal::written).baseUnit("bytes")
                .description("Bytes written by group commits (per message: divide by appended)").register(registry);
        for (Journal.Kind kind : Journal.Kind.values()) {
            FunctionCounter.builder("upsfleet.gateway.journal.dropped", journal, j -> j.dropped(kind)).tag("kind", kind.tag())
                    .description("Messages dropped because the journal was full (only readings) or the disk failed")
                    .register(registry);
        }
    }
}
