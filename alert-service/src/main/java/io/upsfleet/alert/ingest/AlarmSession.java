package io.upsfleet.alert.ingest;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.mqtt.PersistentSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

/**
 * The MQTT session of the alarm consumer: PUBACK only after an edge is processed (auto-ack off; see
 * {@link AlarmConsumer}) and, by default, a persistent session under this replica's stable client id,
 * so edges published while alert-service restarts are kept by the broker.
 */
@ApplicationScoped
@Unremovable // looked up by the connector through Instance<ClientCustomizer<?>>, never injected
public class AlarmSession implements ClientCustomizer<MqttClientSessionOptions> {

    static final String CHANNEL = "alarms";
    private static final Logger LOG = Logger.getLogger(AlarmSession.class);

    @Inject
    AlertConfig config;
    @Inject
    @Connector("smallrye-mqtt")
    InboundConnector mqttConnector;

    @Override
    public MqttClientSessionOptions customize(String channel, Config channelConfig, MqttClientSessionOptions options) {
        if (CHANNEL.equals(channel)) {
            options.setAutoAck(false);
            if (config.mqtt().persistentSession()) {
                options.setClientId(config.mqtt().clientId());
                options.setCleanSession(false);
            }
        }
        return options;
    }

    /** After the @Incoming method is subscribed (the messaging wiring runs before application observers). */
    void resume(@Observes StartupEvent event) {
        if (config.mqtt().persistentSession()) {
            PersistentSessions.resume(mqttConnector)
                    .onFailure(e -> LOG.error("Resuming the MQTT session failed: alarms the broker kept may wait for the next reconnect", e));
        }
    }
}
