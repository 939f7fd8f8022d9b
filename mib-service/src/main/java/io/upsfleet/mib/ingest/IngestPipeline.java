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

    Uni<Void> process(IngestChannel channel, List<Inbound> inbound) {
        metrics.received(channel, inbound.size());
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
            LOG.warnf("Dead letter on %s: %s (payload starts '%s')", d.inbound().topic(),
                    abbreviate(d.error(), 300), Inbound.prefix(d.inbound().payload(), 60));
            if (d.clockSkewOf() != null) {
                metrics.clockSkew(d.clockSkewOf());
                clocks.refused(d.clockSkewOf());
            }
        }
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().deferred(() -> {
                    attempts.incrementAndGet();
                    return storeValid(channel, valid, invalid)
                            .chain(deadLetters -> deadLetters.isEmpty()
                                    ? Uni.createFrom().item(deadLetters)
                                    : storeDeadLetters(channel, deadLetters).replaceWith(deadLetters))
                            .chain(deadLetters -> clocks.observations().isEmpty()
                                    ? Uni.createFrom().item(deadLetters)
                                    : records.storeGatewayClocks(clocks.observations()).replaceWith(deadLetters));
                })
                .onFailure().invoke(failure -> {
                    metrics.writeFailure(channel);
                    if (attempts.get() == 1) {
                        LOG.warnf("Cannot store a batch of %d %s message(s), will retry with backoff and keep them"
                                + " unacknowledged: %s", inbound.size(), channel.channelName, failure.toString());
                    } else {
                        LOG.debugf("Retry %d of a %s batch failed: %s", attempts.get(), channel.channelName, failure);
                    }
                })
                .onFailure().retry().withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .indefinitely()
                .invoke(deadLetters -> {
                    if (attempts.get() > 1) {
                        LOG.infof("Stored a %s batch of %d message(s) after %d attempts", channel.channelName,
                                inbound.size(), attempts.get());
                    }
                    long lost = inbound.stream().filter(in -> !in.ack()).count();
                    if (lost > 0) {
                        LOG.warnf("Could not acknowledge %d stored %s message(s): the broker connection closed",
                                lost, channel.channelName);
                    }
                    metrics.acknowledged(inbound.size());
                    metrics.stored(channel, valid.size() - (deadLetters.size() - invalid.size()));
                    metrics.deadLetters(channel, deadLetters.size());
                    metrics.batch(channel, inbound.size());
                    metrics.batchTimer(channel).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                })
                .replaceWithVoid();
    }

    /**
     * Writes the valid messages as one batch. If the database rejects the batch's data (not a
     * connection problem), each message is written alone and the ones it still rejects become dead
     * letters too, so one odd value cannot block its neighbours forever. Returns all dead letters.
     */
    private Uni<List<Decoded>> storeValid(IngestChannel channel, List<Decoded> valid, List<Decoded> invalid) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(invalid);
        }
        return write(channel, valid)
                .replaceWith(invalid)
                .onFailure(IngestPipeline::isDataError).recoverWithUni(batchFailure -> {
                    LOG.warnf("The database rejected a %s batch (%s); storing its messages one by one",
                            channel.channelName, batchFailure.getMessage());
                    List<Decoded> deadLetters = new ArrayList<>(invalid);
                    return Multi.createFrom().iterable(valid)
                            .onItem().transformToUniAndConcatenate(one -> write(channel, List.of(one))
                                    .replaceWith((Decoded) null)
                                    .onFailure(IngestPipeline::isDataError).recoverWithItem(failure ->
                                            Decoded.deadLetter(one.inbound(), "rejected by the database: "
                                                    + abbreviate(failure.getMessage(), 500))))
                            .collect().asList()
                            .map(rejected -> {
                                rejected.stream().filter(d -> d != null).forEach(deadLetters::add);
                                return deadLetters;
                            });
                });
    }

    /**
     * Keeps the dead letters. Their reasons are made printable, so the database refusing one for its
     * content is not expected; if it happens anyway they are logged and acknowledged (never retried: a
     * poison message must not hold up the stream), while an outage is retried like any write.
     */
    private Uni<Void> storeDeadLetters(IngestChannel channel, List<Decoded> deadLetters) {
        return records.storeDeadLetters(deadLetters)
                .onFailure(IngestPipeline::isDataError).recoverWithItem(failure -> {
                    metrics.deadLettersLost(channel, deadLetters.size());
                    for (Decoded d : deadLetters) {
                        LOG.errorf("Dead letter on %s could not be stored (%s) and is dropped: %s (payload starts '%s')",
                                d.inbound().topic(), abbreviate(failure.getMessage(), 200), abbreviate(d.error(), 300),
                                Inbound.prefix(d.inbound().payload(), 60));
                    }
                    return null;
                });
    }

    private Uni<Void> write(IngestChannel channel, List<Decoded> valid) {
        return switch (channel) {
            case READINGS -> {
                List<Reading> readings = valid.stream().map(d -> d.as(Reading.class)).toList();
                yield store.storeReadings(readings)
                        .invoke(stored -> {
                            metrics.duplicateReadings(valid.size() - stored);
                            metrics.readingsStored(readings.stream().map(Reading::ts).toList());
                        })
                        .replaceWithVoid();
            }
            case STATUS -> store.storeStatus(valid.stream().map(d -> d.as(UpsStatus.class)).toList());
            case IDENTITIES -> store.storeIdentities(valid.stream().map(d -> d.as(Identity.class)).toList());
            case ALARMS, COMMANDS, COMMAND_RESULTS -> store.storeEvents(valid.stream().map(d -> d.as(EventLogEntry.class)).toList());
        };
    }

    /**
     * The message's content is at fault, not the database or the connection: SQLSTATE classes 21
     * (cardinality), 22 (data exception, e.g. a NUL in text), 23 (integrity violation) and 54 (program limit,
     * e.g. a value too large for an index). Retrying cannot help; everything else (outages, deadlocks,
     * restarts) is retried.
     */
    static boolean isDataError(Throwable failure) {
        if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String sqlClass = pg.getSqlState().substring(0, Math.min(2, pg.getSqlState().length()));
        return switch (sqlClass) {
            case "21", "22", "23", "54" -> true;
            default -> false;
        };
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > max ? oneLine.substring(0, max) + "..." : oneLine;
    }

}
