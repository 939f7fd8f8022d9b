package io.upsfleet.mib.ingest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.EventLogEntry;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.UpsStatus;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * One write attempt of a decoded batch: the valid messages with one statement per table ({@link FleetStore}),
 * then the dead letters and what the batch says about gateway clocks ({@link IngestRecords}). Data the
 * database refuses is written message by message so that only the refused ones become dead letters.
 */
@ApplicationScoped
public class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final FleetStore store;
    private final IngestRecords records;
    private final IngestMetrics metrics;

    public BatchWriter(FleetStore store, IngestRecords records, IngestMetrics metrics) {
        this.store = store;
        this.records = records;
        this.metrics = metrics;
    }

    /** Returns the dead letters (the invalid messages and those the database refused). */
    Uni<List<Decoded>> store(IngestChannel channel, List<Decoded> valid, List<Decoded> invalid, GatewayClocks clocks) {
        return Uni.createFrom().deferred(() -> storeValid(channel, valid, invalid)
                .chain(deadLetters -> deadLetters.isEmpty()
                        ? Uni.createFrom().item(deadLetters)
                        : storeDeadLetters(channel, deadLetters).replaceWith(deadLetters))
                .chain(deadLetters -> clocks.observations().isEmpty()
                        ? Uni.createFrom().item(deadLetters)
                        : records.storeGatewayClocks(clocks.observations()).replaceWith(deadLetters)));
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
                .onFailure(BatchWriter::isDataError).recoverWithUni(batchFailure -> {
                    LOG.warnf("The database rejected a %s batch (%s); storing its messages one by one",
                            channel.channelName, batchFailure.getMessage());
                    List<Decoded> deadLetters = new ArrayList<>(invalid);
                    return Multi.createFrom().iterable(valid)
                            .onItem().transformToUniAndConcatenate(one -> write(channel, List.of(one))
                                    .replaceWith((Decoded) null)
                                    .onFailure(BatchWriter::isDataError).recoverWithItem(failure ->
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
                .onFailure(BatchWriter::isDataError).recoverWithItem(failure -> {
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

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > max ? oneLine.substring(0, max) + "..." : oneLine;
    }
}
