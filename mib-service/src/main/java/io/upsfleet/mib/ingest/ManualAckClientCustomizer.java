package io.upsfleet.mib.ingest;

import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.upsfleet.mib.MibConfig;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.arc.Unremovable;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * MQTT client settings of the ingest channel:
 * <ul>
 * <li>Auto-ack off. The Vert.x MQTT client under the SmallRye connector acknowledges a QoS 1 message as
 * soon as it arrives, before anything is stored; with auto-ack off {@link Inbound#ack()} (called after the
 * database write) is the only place a PUBACK is sent, so a message the database has not taken stays
 * unacknowledged at the broker.</li>
 * <li>A persistent session ({@code upsfleet.mib.mqtt.persistent-session}, on by default) under this
 * replica's stable client id: while the replica restarts, the broker queues its share of the messages
 * instead of dropping them.</li>
 * </ul>
 */
@ApplicationScoped
@Unremovable // looked up by the connector through Instance<ClientCustomizer<?>>, never injected
public class ManualAckClientCustomizer implements ClientCustomizer<MqttClientSessionOptions> {

    private static final Logger LOG = Logger.getLogger(ManualAckClientCustomizer.class);

    private final MibConfig config;

    public ManualAckClientCustomizer(MibConfig config) {
        this.config = config;
    }

    @Override
    public MqttClientSessionOptions customize(String channel, Config channelConfig, MqttClientSessionOptions options) {
        if (IngestChannel.MQTT_CHANNEL.equals(channel)) {
            options.setAutoAck(false);
            if (config.mqtt().persistentSession()) {
                options.setClientId(config.mqtt().clientId());
                options.setCleanSession(false);
            }
            LOG.debugf("MQTT channel %s: auto-ack off, persistent session %s", channel, config.mqtt().persistentSession());
        }
        return options;
    }
}
