package io.upsfleet.alert.ingest;

import io.upsfleet.alert.metrics.Counts;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.upsfleet.alert.notify.AlertEngine;
import io.upsfleet.alert.notify.Outcome;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.mqtt.Puback;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.concurrent.CompletionStage;

/**
 * Takes alarm edges from {@code $share/<group>/upsfleet/v1/ups/+/alarm}. One log line per edge; a
 * malformed payload is logged and counted and the stream goes on. The broker's PUBACK is sent only once
 * the edge is in PostgreSQL ({@link Puback}; the client runs with auto-ack off, see {@link AlarmSession}):
 * an edge that cannot be stored stays with the broker, which redelivers it on the next connection.
 */
@ApplicationScoped
public class AlarmConsumer {

    private static final Logger LOG = Logger.getLogger(AlarmConsumer.class);
    /**
     * Retries (backoff 200 ms doubling to 5 s, about 80 s) before an edge that fails for another reason
     * than the database being away is left to the broker; an unreachable database is waited for.
     */
    private static final int ATTEMPTS = 20;
    private static final long MAX_BACKOFF_MS = 5_000;

    @Inject
    AlertEngine engine;

    @Inject
    Counts counts;

    @Incoming(AlarmSession.CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String topic = message instanceof MqttMessage<?> m ? m.getTopic() : "?";
        AlarmEvent event;
        try {
            event = Json.parse(message.getPayload(), AlarmEvent.class);
        } catch (InvalidPayloadException e) {
            LOG.warnf("Malformed alarm payload on %s dropped: %s", topic, e.getMessage());
            counts.increment("upsfleet.alert.alarms.malformed");
            return acknowledge(message);
        }
        LOG.infof("Alarm %s %s on %s (%s, event %s, gateway %s): %s", event.alarm(), event.state(), event.upsId(),
                event.severity(), event.eventId(), event.gatewayId(), event.message() == null ? "" : event.message());
        // A database outage must not lose the edge: retry with backoff until the database is back (the
        // edges behind it wait at the broker). Any other failure (a bug) is retried a while, then the
        // message is left unacknowledged so the broker delivers it again (de-duplicated by eventId).
        long backoff = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = engine.onAlarm(event);
                counts.increment("upsfleet.alert.alarms.received", "outcome", outcome.name().toLowerCase());
                return acknowledge(message);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS && !databaseAway(e)) {
                    LOG.errorf(e, "Alarm event %s could not be processed after %d attempts; left unacknowledged,"
                            + " the broker redelivers it on the next connection", event.eventId(), attempt);
                    counts.increment("upsfleet.alert.alarms.failed");
                    return message.ack(); // releases the stream; no PUBACK
                }
                if (attempt < ATTEMPTS || attempt % 12 == 0) { // then about once a minute
                    LOG.warnf("Alarm event %s failed (attempt %d), retrying: %s", event.eventId(), attempt, e.toString());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return message.ack(); // shutting down: no PUBACK, the broker keeps the edge
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /**
     * The database could not be reached or failed for its own reasons (retry as long as it takes), as
     * opposed to rejecting this edge's data (SQLSTATE classes 22 and 23), which retrying cannot fix.
     */
    static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || !(state.startsWith("22") || state.startsWith("23"));
            }
        }
        return false;
    }

    private static CompletionStage<Void> acknowledge(Message<byte[]> message) {
        if (!Puback.send(message)) {
            LOG.debug("PUBACK not sent: the broker connection closed; the broker redelivers the edge (de-duplicated)");
        }
        return message.ack();
    }
}
