package io.upsfleet.alert.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.upsfleet.alert.notify.AlertEngine;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Takes alarm edges from {@code $share/<group>/upsfleet/v1/ups/+/alarm}. One log line per edge; a
 * malformed payload is logged and counted and the stream goes on.
 */
@ApplicationScoped
public class AlarmConsumer {

    private static final Logger LOG = Logger.getLogger(AlarmConsumer.class);
    private static final int ATTEMPTS = 5;

    @Inject
    AlertEngine engine;

    @Inject
    MeterRegistry registry;

    @Incoming("alarms")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String topic = message instanceof MqttMessage<?> m ? m.getTopic() : "?";
        AlarmEvent event;
        try {
            event = Json.parse(message.getPayload(), AlarmEvent.class);
        } catch (InvalidPayloadException e) {
            LOG.warnf("Malformed alarm payload on %s dropped: %s", topic, e.getMessage());
            registry.counter("upsfleet.alert.alarms.malformed").increment();
            return message.ack();
        }
        LOG.infof("Alarm %s %s on %s (%s, event %s, gateway %s): %s", event.alarm(), event.state(), event.upsId(),
                event.severity(), event.eventId(), event.gatewayId(), event.message() == null ? "" : event.message());
        // A database hiccup must not lose the edge: retry a few times before giving up on it.
        for (int attempt = 1; ; attempt++) {
            try {
                AlertEngine.Outcome outcome = engine.onAlarm(event);
                registry.counter("upsfleet.alert.alarms.received", "outcome", outcome.name().toLowerCase()).increment();
                return message.ack();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.errorf(e, "Alarm event %s could not be processed after %d attempts", event.eventId(), attempt);
                    registry.counter("upsfleet.alert.alarms.failed").increment();
                    return message.ack();
                }
                LOG.warnf("Alarm event %s failed (attempt %d), retrying: %s", event.eventId(), attempt, e.toString());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return message.ack();
                }
            }
        }
    }
}
