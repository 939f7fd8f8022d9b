package io.upsfleet.web.links;

import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.web.live.IntakeMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * The gateways' retained link figures ({@code upsfleet/v1/ups/+/link}), a plain subscription per replica
 * (each replica answers for the whole fleet). A payload that breaks the contract is logged and counted,
 * never fatal.
 */
@ApplicationScoped
public class LinkConsumer {

    private static final Logger LOG = Logger.getLogger(LinkConsumer.class);

    private final LinkBook book;
    private final IntakeMetrics metrics;

    public LinkConsumer(LinkBook book, IntakeMetrics metrics) {
        this.book = book;
        this.metrics = metrics;
    }

    @Incoming("links")
    public CompletionStage<Void> onLink(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("?");
        try {
            book.take(topic, message.getPayload());
        } catch (InvalidPayloadException e) {
            metrics.invalid();
            LOG.warnf("ignoring invalid link figures on %s: %s", topic, e.getMessage());
        } catch (RuntimeException e) {
            metrics.invalid();
            LOG.errorf(e, "cannot take the link figures on %s", topic);
        }
        return message.ack();
    }
}
