package io.upsfleet.alert.ingest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.metrics.Counts;
import io.upsfleet.alert.notify.AlertEngine;
import io.upsfleet.alert.notify.Outcome;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.UpsMessages;
import io.upsfleet.mqtt.Puback;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Takes alarm edges from {@code $share/<group>/upsfleet/v1/ups/+/alarm}, each on its own and in bounded
 * time. An edge that breaks the contract, names another UPS than its topic, carries a timestamp outside
 * {@code upsfleet.alert.time}, or that the database refuses for its content (or that fails for any other
 * reason but an outage) becomes a row of {@code alert_dead_letter} at once, is acknowledged and counted.
 * Only an outage (the database or the connection to it gone) is retried, with backoff, for as long as it
 * lasts; the edges behind it wait at the broker. The broker's PUBACK is sent only once the edge is stored
 * ({@link Puback}; the client runs with auto-ack off, see {@link AlarmSession}).
 */
@ApplicationScoped
public class AlarmConsumer {

    private static final Logger LOG = Logger.getLogger(AlarmConsumer.class);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    @Inject
    AlertEngine engine;
    @Inject
    DeadLetters deadLetters;
    @Inject
    Counts counts;
    @Inject
    AlertConfig config;
    @Inject
    @Readiness
    IntakeProgress progress;

    private UpsMessages.TimeWindow window;

    @PostConstruct
    void init() {
        window = new UpsMessages.TimeWindow(config.time().maxFuture(), config.time().maxPast());
    }

    @Incoming(AlarmSession.CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String topic = message instanceof MqttMessage<?> m ? m.getTopic() : "?";
        AlarmEvent event;
        try {
            event = UpsMessages.decode(topic, message.getPayload(), AlarmEvent.class);
            String clock = window.problem(event.ts(), Instant.now(), true);
            if (clock != null) {
                throw new InvalidPayloadException("AlarmEvent from " + event.gatewayId() + ": " + clock);
            }
        } catch (RuntimeException e) {
            // InvalidPayloadException, or anything else a parser may throw: the message's fault either way
            return deadLetter(message, topic, e.getMessage() == null ? e.toString() : e.getMessage(), "malformed");
        }
        LOG.infof("Alarm %s %s on %s (%s, event %s, gateway %s): %s", event.alarm(), event.state(), event.upsId(),
                event.severity(), event.eventId(), event.gatewayId(), event.message() == null ? "" : event.message());
        progress.started();
        try {
            return take(message, topic, event);
        } finally {
            progress.finished();
        }
    }

    private CompletionStage<Void> take(Message<byte[]> message, String topic, AlarmEvent event) {
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = engine.onAlarm(event);
                counts.increment("upsfleet.alert.alarms.received", "outcome", outcome.name().toLowerCase());
                return acknowledge(message);
            } catch (RuntimeException e) {
                if (!Failures.isOutage(e)) {
                    LOG.errorf(e, "Alarm event %s cannot be taken (not an outage): kept as a dead letter", event.eventId());
                    return deadLetter(message, topic, "cannot be taken: " + Failures.describe(e), "failed");
                }
                if (attempt == 1 || attempt % 12 == 0) { // then about once a minute
                    LOG.warnf("Alarm event %s waits for the database (attempt %d): %s", event.eventId(), attempt,
                            Failures.describe(e));
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

    /** Keeps the message as a dead letter and acknowledges it; if even that fails, the broker keeps it. */
    private CompletionStage<Void> deadLetter(Message<byte[]> message, String topic, String reason, String kind) {
        try {
            deadLetters.keep(topic, message.getPayload(), reason);
        } catch (RuntimeException e) {
            LOG.errorf("Alarm message on %s could not be kept as a dead letter (%s); left to the broker: %s", topic,
                    Failures.describe(e), reason);
            counts.increment("upsfleet.alert.alarms.failed");
            return message.ack(); // releases the stream; no PUBACK, the broker redelivers it on the next connection
        }
        LOG.warnf("Alarm message on %s is a dead letter: %s", topic, reason);
        counts.increment("upsfleet.alert.alarms." + kind);
        return acknowledge(message);
    }

    private static CompletionStage<Void> acknowledge(Message<byte[]> message) {
        if (!Puback.send(message)) {
            LOG.debug("PUBACK not sent: the broker connection closed; the broker redelivers the edge (de-duplicated)");
        }
        return message.ack();
    }
}
