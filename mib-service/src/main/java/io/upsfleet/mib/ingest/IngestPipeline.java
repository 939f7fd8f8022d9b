package io.upsfleet.mib.ingest;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.EventLogEntry;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.UpsMessages;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.mib.MibConfig;
import io.upsfleet.mqtt.PersistentSessions;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes all per-UPS topics as one stream: messages are grouped into batches (up to
 * {@code upsfleet.mib.batch.max-size} or {@code linger}), each batch is split by kind, decoded, written
 * with one statement per table, and only then acknowledged to the broker. A failed write is retried with backoff
 * for as long as it takes (the broker keeps the unacknowledged messages and, at its in-flight limit, stops
 * sending more), so a database outage delays messages but loses none. Contract violations go to
 * {@code dead_letter} and are acknowledged; they never stop the stream.
 */
@ApplicationScoped
public class IngestPipeline {

    private static final Logger LOG = Logger.getLogger(IngestPipeline.class);
    /** Finished batches that may wait for a writer; bounded in practice by the broker's in-flight window. */
    private static final int PENDING_BATCHES = 10_000;

    @Inject
    @Channel(IngestChannel.MQTT_CHANNEL)
    Multi<Message<byte[]>> messages;

    /** Set once the ingest stream has ended with a failure (reported DOWN by {@link IngestLiveness}). */
    final AtomicBoolean stopped = new AtomicBoolean();

    @Inject
    @Connector("smallrye-mqtt")
    InboundConnector mqttConnector;
    @Inject
    FleetStore store;
    @Inject
    IngestRecords records;
    @Inject
    Spool spool;
    @Inject
    BatchWriter writer;

    private final java.util.concurrent.atomic.AtomicBoolean databaseAway = new java.util.concurrent.atomic.AtomicBoolean();
    @Inject
    IngestMetrics metrics;
    @Inject
    MibConfig config;

    void start(@Observes StartupEvent event) {
        consume(messages);
        if (config.mqtt().persistentSession()) {
            // The stream is subscribed now: have the broker resend what the connector dropped before.
            PersistentSessions.resume(mqttConnector)
                    .onFailure(e -> LOG.error("Resuming the MQTT session failed: messages the broker kept may wait for the next reconnect", e));
        }
    }

    private void consume(Multi<Message<byte[]>> stream) {
        stream.group().intoLists().of(config.batch().maxSize(), config.batch().linger())
                .onOverflow().buffer(PENDING_BATCHES)
                .onItem().transformToUni(this::process).merge(config.batch().concurrency())
                .subscribe().with(
                        ignored -> {
                        },
                        failure -> {
                            stopped.set(true);
                            if (config.mqtt().exitOnStreamFailure()) {
                                // A connector stream cannot be resubscribed: restart the process (the
                                // supervisor does; the broker kept the unacknowledged messages).
                                LOG.error("Ingest stopped unexpectedly; exiting so that the service is restarted", failure);
                                Quarkus.asyncExit(3);
                            } else {
                                LOG.error("Ingest stopped unexpectedly", failure);
                            }
                        });
    }

    /**
     * Splits a batch by kind and stores the kinds side by side (different tables; the shared {@code ups}
     * rows are upserted in key order by every statement). Topics of no stored kind are acknowledged and
     * counted as ignored.
     */
    Uni<Void> process(List<Message<byte[]>> batch) {
        Map<IngestChannel, List<Inbound>> byKind = new EnumMap<>(IngestChannel.class);
        int ignored = 0;
        for (Message<byte[]> message : batch) {
            Inbound in = new Inbound(message);
            IngestChannel kind = IngestChannel.ofTopic(in.topic());
            if (kind == null) {
                LOG.debugf("Ignoring a message on %s (not a kind mib-service stores)", in.topic());
                in.ack();
                ignored++;
            } else {
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(in);
            }
        }
        if (ignored > 0) {
            metrics.ignored(ignored);
        }
        List<Uni<Void>> writes = new ArrayList<>(byKind.size());
        byKind.forEach((kind, messages) -> writes.add(process(kind, messages)));
        return switch (writes.size()) {
            case 0 -> Uni.createFrom().voidItem();
            case 1 -> writes.get(0);
            default -> Uni.join().all(writes).andCollectFailures().replaceWithVoid();
        };
    }

    /** A batch after decoding: what to store, what is a dead letter, what it says about gateway clocks. */
    private record Prepared(IngestChannel channel, List<Inbound> inbound, List<Decoded> valid, List<Decoded> invalid,
                            GatewayClocks clocks) {
    }

    /**
     * Stores one batch and acknowledges it to the broker: at once if the database takes it; if the database
     * is away, the batch goes to the {@link Spool} and is acknowledged once spooled; if the spool is full or
     * off, it is retried with backoff for as long as it takes and stays unacknowledged meanwhile (the broker
     * keeps it). Data the database refuses never waits: those messages are dead letters.
     */
    Uni<Void> process(IngestChannel channel, List<Inbound> inbound) {
        metrics.received(channel, inbound.size());
        Prepared batch = prepare(channel, inbound, true);
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger(1);
        if (databaseAway.get() && spooled(batch, null)) {
            // the database is known to be away: straight to the spool, no attempt that would only fail
            return acknowledged(batch, null, started, attempts);
        }
        Uni<List<Decoded>> firstAttempt = spool.enabled()
                ? store(batch).ifNoItem().after(config.spool().storeTimeout()).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer from the database within " + config.spool().storeTimeout()))
                : store(batch);
        return firstAttempt
                .onFailure().recoverWithUni(failure -> {
                    metrics.writeFailure(channel);
                    if (!BatchWriter.isDataError(failure) && spool.enabled() && databaseAway.compareAndSet(false, true)) {
                        LOG.warnf("The database is away (%s): batches go to the spool until it is back", failure.toString());
                    }
                    if (spooled(batch, failure)) {
                        return Uni.createFrom().item((List<Decoded>) null);
                    }
                    LOG.warnf("Cannot store a batch of %d %s message(s), will retry with backoff and keep them"
                            + " unacknowledged: %s", inbound.size(), channel.channelName, failure.toString());
                    return Uni.createFrom().deferred(() -> {
                                attempts.incrementAndGet();
                                return store(batch);
                            })
                            .onFailure().invoke(f -> {
                                metrics.writeFailure(channel);
                                LOG.debugf("Retry %d of a %s batch failed: %s", attempts.get(), channel.channelName, f);
                            })
                            .onFailure().retry().withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                            .indefinitely();
                })
                .chain(deadLetters -> acknowledged(batch, deadLetters, started, attempts));
    }

    /** Acknowledges a batch that is stored ({@code deadLetters} set) or spooled ({@code deadLetters} null). */
    private Uni<Void> acknowledged(Prepared batch, List<Decoded> deadLetters, long started, AtomicInteger attempts) {
        IngestChannel channel = batch.channel();
        List<Inbound> inbound = batch.inbound();
        if (attempts.get() > 1) {
            LOG.infof("Stored a %s batch of %d message(s) after %d attempts", channel.channelName, inbound.size(), attempts.get());
        }
        long lost = inbound.stream().filter(in -> !in.ack()).count();
        if (lost > 0) {
            LOG.warnf("Could not acknowledge %d %s message(s): the broker connection closed", lost, channel.channelName);
        }
        metrics.acknowledged(inbound.size());
        if (deadLetters != null) {
            stored(batch, deadLetters);
        }
        metrics.batch(channel, inbound.size());
        metrics.batchTimer(channel).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return Uni.createFrom().voidItem();
    }

    /** Whether the last write found the database away (batches then go to the spool without trying). */
    boolean databaseAway() {
        return databaseAway.get();
    }

    /** The database answered again (a spooled batch or a probe was stored). */
    void databaseBack() {
        if (databaseAway.compareAndSet(true, false)) {
            LOG.infof("The database is back: batches are stored directly again");
        }
    }

    /** Stores a spooled batch (already acknowledged); fails, to be tried again later, while the database is away. */
    Uni<Void> replay(Spool.Entry entry) {
        List<Inbound> inbound = entry.messages().stream().map(Inbound::spooled).toList();
        Prepared batch = prepare(entry.channel(), inbound, false);
        return store(batch).invoke(deadLetters -> {
            stored(batch, deadLetters);
            metrics.unspooled(inbound.size());
        }).replaceWithVoid();
    }

    /** Spools the batch if the failure is an outage and the spool takes it. */
    private boolean spooled(Prepared batch, Throwable failure) {
        if (!spool.enabled() || (failure != null && BatchWriter.isDataError(failure))) {
            return false;
        }
        try {
            if (spool.append(batch.channel(), batch.inbound())) {
                metrics.spooled(batch.inbound().size());
                LOG.debugf("Spooled a %s batch of %d message(s)", batch.channel().channelName, batch.inbound().size());
                return true;
            }
        } catch (java.io.IOException e) {
            LOG.errorf("Cannot spool a %s batch (%s): it waits at the broker", batch.channel().channelName, e.toString());
        }
        return false;
    }

    private Prepared prepare(IngestChannel channel, List<Inbound> inbound, boolean firstTime) {
        List<Decoded> valid = new ArrayList<>(inbound.size());
        List<Decoded> invalid = new ArrayList<>();
        Instant now = Instant.now();
        UpsMessages.TimeWindow timeWindow = new UpsMessages.TimeWindow(config.time().maxFuture(), config.time().maxPast());
        for (Inbound in : inbound) {
            if (channel.retained && (in.payload() == null || in.payload().length == 0)) {
                // An empty retained message is how a retained state is cleared: nothing to store.
                continue;
            }
            Decoded decoded = PayloadDecoder.decode(channel, in, timeWindow, now);
            (decoded.valid() ? valid : invalid).add(decoded);
        }
        GatewayClocks clocks = new GatewayClocks(now);
        for (Decoded d : valid) {
            clocks.accepted(d.payload(), channel == IngestChannel.READINGS || channel == IngestChannel.ALARMS);
        }
        for (Decoded d : invalid) {
            if (firstTime) {
                LOG.warnf("Dead letter on %s: %s (payload starts '%s')", d.inbound().topic(),
                        BatchWriter.abbreviate(d.error(), 300), Inbound.prefix(d.inbound().payload(), 60));
            }
            if (d.clockSkewOf() != null) {
                if (firstTime) {
                    metrics.clockSkew(d.clockSkewOf());
                }
                clocks.refused(d.clockSkewOf());
            }
        }
        return new Prepared(channel, inbound, valid, invalid, clocks);
    }

    /** One attempt: the valid messages, the dead letters, the gateway clocks. Returns the dead letters. */
    private Uni<List<Decoded>> store(Prepared batch) {
        return writer.store(batch.channel(), batch.valid(), batch.invalid(), batch.clocks());
    }

    private void stored(Prepared batch, List<Decoded> deadLetters) {
        metrics.stored(batch.channel(), batch.valid().size() - (deadLetters.size() - batch.invalid().size()));
        metrics.deadLetters(batch.channel(), deadLetters.size());
    }
}
