package io.upsfleet.web.live;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.UpsMessages;
import io.upsfleet.contracts.UpsPayload;
import io.upsfleet.contracts.UpsStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Status changes and alarm edges for the SSE clients. Each replica must see every message (its own
 * clients are connected only to it), so these channels use a plain subscription with a per-process
 * client id, not a shared one. A payload that breaks the contract, names another UPS than its topic, or
 * carries a timestamp outside the accepted window ({@link IntakeConfig}) is logged and counted, never fatal.
 */
@ApplicationScoped
public class LiveConsumer {

    private static final Logger LOG = Logger.getLogger(LiveConsumer.class);

    private final LiveHub hub;
    private final IntakeMetrics metrics;
    private final UpsMessages.TimeWindow window;

    public LiveConsumer(LiveHub hub, IntakeMetrics metrics, IntakeConfig config) {
        this.hub = hub;
        this.metrics = metrics;
        this.window = config.window();
    }

    @Incoming("live-status")
    public CompletionStage<Void> onStatus(Message<byte[]> message) {
        byte[] payload = message.getPayload();
        if (payload == null || payload.length == 0) {
            return message.ack(); // a cleared retained status (UPS removed)
        }
        return forward(message, UpsStatus.class, "status", false, metrics::status);
    }

    @Incoming("live-alarms")
    public CompletionStage<Void> onAlarm(Message<byte[]> message) {
        return forward(message, AlarmEvent.class, "alarm", true, metrics::alarm);
    }

    /** Decodes, checks and hands one message to the SSE clients as a {@code type} event; never throws. */
    private <T extends UpsPayload> CompletionStage<Void> forward(Message<byte[]> message, Class<T> payloadType, String type,
                                                                 boolean boundedInThePast, Runnable count) {
        try {
            T payload = UpsMessages.decode(topic(message), message.getPayload(), payloadType);
            requireWithinWindow(payload.ts(), boundedInThePast);
            count.run();
            hub.publish(new LiveEvent(type, payload.upsId(), payload.ts(), payload));
        } catch (InvalidPayloadException e) {
            rejected(message, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot forward %s from %s", type, topic(message));
        }
        return message.ack();
    }

    private void requireWithinWindow(Instant ts, boolean boundedInThePast) {
        String problem = window.problem(ts, Instant.now(), boundedInThePast);
        if (problem != null) {
            throw new InvalidPayloadException(problem);
        }
    }

    private void rejected(Message<byte[]> message, InvalidPayloadException e) {
        metrics.invalid();
        LOG.warnf("ignoring invalid payload on %s: %s", topic(message), e.getMessage());
    }

    static String topic(Message<?> message) {
        return message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("?");
    }
}
