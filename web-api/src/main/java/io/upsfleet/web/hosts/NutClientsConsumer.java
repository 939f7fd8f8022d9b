package io.upsfleet.web.hosts;

import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.web.live.IntakeMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * nut-server's retained lists of logged-in NUT clients ({@code upsfleet/v1/ups/+/nut-clients/+}), a plain
 * subscription per replica (each replica answers for the whole fleet). An empty retained message clears a
 * replica's list; a payload that breaks the contract or names another UPS or server than its topic is
 * logged and counted, never fatal.
 */
@ApplicationScoped
public class NutClientsConsumer {

    private static final Logger LOG = Logger.getLogger(NutClientsConsumer.class);

    private final ProtectedHosts hosts;
    private final IntakeMetrics metrics;

    public NutClientsConsumer(ProtectedHosts hosts, IntakeMetrics metrics) {
        this.hosts = hosts;
        this.metrics = metrics;
    }

    @Incoming("nut-clients")
    public CompletionStage<Void> onList(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("?");
        try {
            hosts.take(topic, message.getPayload());
        } catch (InvalidPayloadException e) {
            metrics.invalid();
            LOG.warnf("ignoring invalid NUT client list on %s: %s", topic, e.getMessage());
        } catch (RuntimeException e) {
            metrics.invalid();
            LOG.errorf(e, "cannot take the NUT client list on %s", topic);
        }
        return message.ack();
    }
}
