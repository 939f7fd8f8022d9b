package io.upsfleet.mib.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Micrometer meters of the ingest path (exported at /q/metrics as upsfleet_mib_*). Counts live in
 * LongAdders that Micrometer reads ({@link FunctionCounter}): at startup the registry Quarkus injects has
 * no exporting registry attached yet, and a plain Counter would drop what a resumed session delivers in
 * that moment (the same flaw was found in device-gateway, see its GatewayMetrics).
 */
@Startup // meters exist (at zero) from the start, not only after the first message
@ApplicationScoped
public class IngestMetrics {

    private static final Logger LOG = Logger.getLogger(IngestMetrics.class);

    private final MeterRegistry registry;
    private final Map<IngestChannel, LongAdder> received = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, LongAdder> stored = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, LongAdder> deadLetters = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, LongAdder> writeFailures = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, Timer> batchWrite = new EnumMap<>(IngestChannel.class);
    private final Map<IngestChannel, DistributionSummary> batchSize = new EnumMap<>(IngestChannel.class);
    private final LongAdder duplicateReadings = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final AtomicLong unacknowledged = new AtomicLong();
    private final Map<IngestChannel, LongAdder> deadLettersLost = new EnumMap<>(IngestChannel.class);
    private final Map<String, LongAdder> clockSkew = new ConcurrentHashMap<>();
    private final LongAdder spooled = new LongAdder();
    private final LongAdder unspooled = new LongAdder();
    private final Map<String, Long> clockSkewLogged = new ConcurrentHashMap<>();
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long pendingSinceNanos = System.nanoTime();
    private final Timer ingestLag;
    private final AtomicLong lastIngestLagMillis = new AtomicLong();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (IngestChannel c : IngestChannel.values()) {
            String ch = c.channelName;
            received.put(c, counter(registry, "upsfleet.mib.messages.received", ch, "MQTT messages received"));
            stored.put(c, counter(registry, "upsfleet.mib.messages.stored", ch, "Valid messages written and acknowledged"));
            deadLetters.put(c, counter(registry, "upsfleet.mib.messages.dead.letters", ch,
                    "Messages that broke the contract, kept in dead_letter"));
            deadLettersLost.put(c, counter(registry, "upsfleet.mib.dead.letters.lost", ch,
                    "Dead letters the database refused to keep (logged, acknowledged)"));
            writeFailures.put(c, counter(registry, "upsfleet.mib.store.failures", ch,
                    "Failed batch writes (retried with backoff; messages stay unacknowledged)"));
            batchWrite.put(c, Timer.builder("upsfleet.mib.batch.write").tag("channel", ch)
                    .description("Time to store one batch, retries included").register(registry));
            batchSize.put(c, DistributionSummary.builder("upsfleet.mib.batch.size").tag("channel", ch)
                    .description("Messages per written batch").register(registry));
        }
        FunctionCounter.builder("upsfleet.mib.spool.messages", spooled, LongAdder::sum)
                .description("Messages written to the local spool while the database was away (acknowledged)").register(registry);
        FunctionCounter.builder("upsfleet.mib.spool.stored", unspooled, LongAdder::sum)
                .description("Spooled messages stored once the database was back").register(registry);
        FunctionCounter.builder("upsfleet.mib.readings.duplicates", duplicateReadings, LongAdder::sum)
                .description("Redelivered readings already stored (ignored)").register(registry);
        FunctionCounter.builder("upsfleet.mib.messages.ignored", ignored, LongAdder::sum)
                .description("Messages on per-UPS topics mib-service does not store (e.g. host-shutdown), acknowledged")
                .register(registry);
        registry.gauge("upsfleet.mib.messages.unacknowledged", unacknowledged);
        ingestLag = Timer.builder("upsfleet.mib.ingest.lag")
                .description("From a reading's timestamp (the gateway's poll) until it is stored")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("upsfleet.mib.ingest.lag.last.seconds", lastIngestLagMillis, ms -> ms.get() / 1000.0);
    }

    private static LongAdder counter(MeterRegistry registry, String name, String channel, String description) {
        LongAdder count = new LongAdder();
        FunctionCounter.builder(name, count, LongAdder::sum).tag("channel", channel).description(description)
                .register(registry);
        return count;
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
        ignored.add(n);
    }

    public double ignoredCount() {
        return ignored.sum();
    }

    void received(IngestChannel c, int n) {
        received.get(c).add(n);
        if (unacknowledged.getAndAdd(n) <= 0) {
            pendingSinceNanos = System.nanoTime();
        }
    }

    void acknowledged(int n) {
        lastProgressNanos = System.nanoTime();
        unacknowledged.addAndGet(-n);
    }

    /** A message refused for its timestamp: counted per sender, logged at most once a minute per sender. */
    void clockSkew(String sender) {
        clockSkew.computeIfAbsent(sender, s -> {
            LongAdder count = new LongAdder();
            FunctionCounter.builder("upsfleet.mib.clock.skew.rejected", count, LongAdder::sum).tag("sender", s)
                    .description("Messages dead-lettered because their timestamp was outside the accepted window")
                    .register(registry);
            return count;
        }).increment();
        long now = System.nanoTime();
        Long last = clockSkewLogged.get(sender);
        if (last == null || now - last > TimeUnit.MINUTES.toNanos(1)) {
            clockSkewLogged.put(sender, now);
            LOG.warnf("Sender %s stamps messages outside the accepted time window: check its clock (NTP);"
                    + " its messages are dead letters until it is fixed", sender);
        }
    }

    void spooled(int n) {
        spooled.add(n);
        lastProgressNanos = System.nanoTime();
    }

    void unspooled(int n) {
        unspooled.add(n);
    }

    public long spooledCount() {
        return spooled.sum();
    }

    public long unspooledCount() {
        return unspooled.sum();
    }

    void deadLettersLost(IngestChannel c, int n) {
        deadLettersLost.get(c).add(n);
    }

    /**
     * How long messages have been waiting without any batch finishing, or zero when nothing waits. A
     * batch finishing (stored or dead-lettered, then acknowledged) is progress.
     */
    Duration stalledFor() {
        if (unacknowledged.get() <= 0) {
            return Duration.ZERO;
        }
        long since = Math.max(lastProgressNanos, pendingSinceNanos);
        return Duration.ofNanos(System.nanoTime() - since);
    }

    void stored(IngestChannel c, int n) {
        stored.get(c).add(n);
    }

    void deadLetters(IngestChannel c, int n) {
        deadLetters.get(c).add(n);
    }

    void writeFailure(IngestChannel c) {
        writeFailures.get(c).increment();
    }

    void duplicateReadings(long n) {
        duplicateReadings.add(n);
    }

    Timer batchTimer(IngestChannel c) {
        return batchWrite.get(c);
    }

    void batch(IngestChannel c, int size) {
        batchSize.get(c).record(size);
    }

    public double storeFailures(IngestChannel c) {
        return writeFailures.get(c).sum();
    }

    public double receivedCount(IngestChannel c) {
        return received.get(c).sum();
    }

    public double storedCount(IngestChannel c) {
        return stored.get(c).sum();
    }

    public double deadLetterCount(IngestChannel c) {
        return deadLetters.get(c).sum();
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
