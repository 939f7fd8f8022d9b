package io.upsfleet.mib.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Micrometer meters of the ingest path (exported at /q/metrics as upsfleet_mib_*). */
@Startup // meters exist (at zero) from the start, not only after the first message
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<IngestChannel, Counter> received = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, Counter> stored = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, Counter> deadLetters = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, Counter> writeFailures = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, Timer> batchWrite = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, DistributionSummary> batchSize = new EnumMap<>(IngestChannel.class);
    private final Counter duplicateReadings;
    private final Counter ignored;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final Timer ingestLag;
    private final AtomicLong lastIngestLagMillis = new AtomicLong();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (IngestChannel c : IngestChannel.values()) {
            String ch = c.channelName;
            received.put(c, Counter.builder("upsfleet.mib.messages.received").tag("channel", ch)
                    .description("MQTT messages received").register(registry));
            stored.put(c, Counter.builder("upsfleet.mib.messages.stored").tag("channel", ch)
                    .description("Valid messages written and acknowledged").register(registry));
            deadLetters.put(c, Counter.builder("upsfleet.mib.messages.dead.letters").tag("channel", ch)
                    .description("Messages that broke the contract, kept in dead_letter").register(registry));
            writeFailures.put(c, Counter.builder("upsfleet.mib.store.failures").tag("channel", ch)
                    .description("Failed batch writes (retried with backoff; messages stay unacknowledged)")
                    .register(registry));
            batchWrite.put(c, Timer.builder("upsfleet.mib.batch.write").tag("channel", ch)
                    .description("Time to store one batch, retries included").register(registry));
            batchSize.put(c, DistributionSummary.builder("upsfleet.mib.batch.size").tag("channel", ch)
                    .description("Messages per written batch").register(registry));
        }
        duplicateReadings = Counter.builder("upsfleet.mib.readings.duplicates")
                .description("Redelivered readings already stored (ignored)").register(registry);
        ignored = Counter.builder("upsfleet.mib.messages.ignored")
                .description("Messages on per-UPS topics mib-service does not store (e.g. host-shutdown), acknowledged")
                .register(registry);
        registry.gauge("upsfleet.mib.messages.unacknowledged", unacknowledged);
        ingestLag = Timer.builder("upsfleet.mib.ingest.lag")
                .description("From a reading's timestamp (the gateway's poll) until it is stored")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("upsfleet.mib.ingest.lag.last.seconds", lastIngestLagMillis, ms -> ms.get() / 1000.0);
    }

    /** Lag of one stored batch of readings: each reading's age when the batch was committed. */
    void readingsStored(List<Instant> timestamps) {
        long now = System.currentTimeMillis();
        long newest = Long.MAX_VALUE;
        for (Instant ts : timestamps) {
            long lag = Math.max(0, now - ts.toEpochMilli());
            ingestLag.record(lag, TimeUnit.MILLISECONDS);
            newest = Math.min(newest, lag);
        }
        if (!timestamps.isEmpty()) {
            lastIngestLagMillis.set(newest);
        }
    }

    void ignored(int n) {
        ignored.increment(n);
    }

    public double ignoredCount() {
        return ignored.count();
    }

    void received(IngestChannel c, int n) {
        received.get(c).increment(n);
        unacknowledged.addAndGet(n);
    }

    void acknowledged(int n) {
        unacknowledged.addAndGet(-n);
    }

    void stored(IngestChannel c, int n) {
        stored.get(c).increment(n);
    }

    void deadLetters(IngestChannel c, int n) {
        deadLetters.get(c).increment(n);
    }

    void writeFailure(IngestChannel c) {
        writeFailures.get(c).increment();
    }

    void duplicateReadings(long n) {
        duplicateReadings.increment(n);
    }

    Timer batchTimer(IngestChannel c) {
        return batchWrite.get(c);
    }

    void batch(IngestChannel c, int size) {
        batchSize.get(c).record(size);
    }

    public double storeFailures(IngestChannel c) {
        return writeFailures.get(c).count();
    }

    public double receivedCount(IngestChannel c) {
        return received.get(c).count();
    }

    public double storedCount(IngestChannel c) {
        return stored.get(c).count();
    }

    public double deadLetterCount(IngestChannel c) {
        return deadLetters.get(c).count();
    }

    public long ingestLagCount() {
        return ingestLag.count();
    }

    public double ingestLagTotalSeconds() {
        return ingestLag.totalTime(TimeUnit.SECONDS);
    }

    public long unacknowledged() {
        return unacknowledged.get();
    }

    MeterRegistry registry() {
        return registry;
    }
}
