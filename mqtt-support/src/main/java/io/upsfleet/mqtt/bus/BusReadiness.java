package io.upsfleet.mqtt.bus;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSession;
import io.smallrye.reactive.messaging.mqtt.session.SessionState;
import io.upsfleet.mqtt.PersistentSessions;
import io.upsfleet.mqtt.SessionEvents;
import io.upsfleet.mqtt.security.BrokerRefusal;
import io.vertx.mqtt.MqttConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not ready while the broker refuses this service: credentials refused, not authorised, its certificate not
 * trusted or not for this host, TLS handshake refused. The connector retries such a connection forever and
 * its own check only says "not connected"; this one names the cause (readiness {@code mqtt-broker-access},
 * data {@code refused}), and the cause is logged once as an error. A broker that is merely down is not
 * reported here (the connector's check covers that).
 */
@Readiness
@ApplicationScoped
public class BusReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(BusReadiness.class);

    private final Set<MqttClientSession> watched = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The refusal of each session's last connection attempt, removed when it connects. */
    private final Map<MqttClientSession, String> refused = new ConcurrentHashMap<>();
    private final BusConfig config;

    public BusReadiness(BusConfig config) {
        this.config = config;
    }

    void watchAtStart(@Observes StartupEvent event) {
        watchNewSessions();
    }

    @Override
    public HealthCheckResponse call() {
        watchNewSessions();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mqtt-broker-access")
                .withData("broker", config.host() + ":" + config.port())
                .withData("security", config.security().describe());
        Optional<String> refusal = refused.values().stream().findFirst();
        return refusal.map(r -> response.down().withData("refused", r).build()).orElseGet(() -> response.up().build());
    }

    private void watchNewSessions() {
        for (MqttClientSession session : PersistentSessions.allSessions()) {
            synchronized (watched) {
                if (!watched.add(session)) {
                    continue;
                }
            }
            SessionEvents.listen(session, e -> {
                if (e.getSessionState() == SessionState.CONNECTED) {
                    if (refused.remove(session) != null) {
                        LOG.infof("MQTT broker %s:%d accepts this service again", config.host(), config.port());
                    }
                } else if (e.getCause() != null) {
                    refusal(e.getCause()).ifPresent(why -> {
                        if (!why.equals(refused.put(session, why))) {
                            LOG.errorf("MQTT broker %s:%d refuses this service: %s", config.host(), config.port(), why);
                        }
                    });
                }
            });
        }
    }

    static Optional<String> refusal(Throwable cause) {
        Optional<BrokerRefusal> refusal = cause instanceof MqttConnectionException connack
                ? BrokerRefusal.ofConnackCode(connack.code().byteValue())
                : BrokerRefusal.ofTlsFailure(cause);
        return refusal.map(r -> r.explanation() + " [" + BrokerRefusal.rootMessage(cause) + "]");
    }
}
