package io.upsfleet.mib.ingest;

import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.arc.Unremovable;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The SmallRye MQTT connector leaves PUBACK to the Vert.x MQTT client, which by default acknowledges a
 * QoS 1 message as soon as it arrives, before anything is stored. Turning auto-ack off makes
 * {@link Inbound#ack()} (called after the database write) the only place a PUBACK is sent, so a message
 * the database has not taken stays unacknowledged at the broker.
 */
@ApplicationScoped
@Unremovable // looked up by the connector through Instance<ClientCustomizer<?>>, never injected
public class ManualAckClientCustomizer implements ClientCustomizer<MqttClientSessionOptions> {

    private static final Logger LOG = Logger.getLogger(ManualAckClientCustomizer.class);

    @Override
    public MqttClientSessionOptions customize(String channel, Config channelConfig, MqttClientSessionOptions options) {
        if (IngestChannel.isIngestChannel(channel)) {
            options.setAutoAck(false);
            LOG.debugf("MQTT channel %s: auto-ack off, PUBACK only after the message is stored", channel);
        }
        return options;
    }
}
