package io.upsfleet.mqtt;

import io.smallrye.reactive.messaging.mqtt.session.MqttClientSession;
import io.smallrye.reactive.messaging.mqtt.session.SessionEvent;
import io.vertx.core.Handler;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Several listeners for the state changes of one MQTT session: the session takes a single handler, and
 * both {@link PersistentSessions} and the bus readiness check need one.
 */
public final class SessionEvents {

    private static final Logger LOG = Logger.getLogger(SessionEvents.class);
    private static final Map<MqttClientSession, List<Handler<SessionEvent>>> LISTENERS = new WeakHashMap<>();

    private SessionEvents() {
    }

    public static void listen(MqttClientSession session, Handler<SessionEvent> listener) {
        synchronized (LISTENERS) {
            List<Handler<SessionEvent>> listeners = LISTENERS.get(session);
            if (listeners == null) {
                List<Handler<SessionEvent>> all = new CopyOnWriteArrayList<>();
                listeners = all;
                LISTENERS.put(session, all);
                session.sessionStateHandler(event -> all.forEach(l -> {
                    try {
                        l.handle(event);
                    } catch (RuntimeException e) {
                        LOG.error("MQTT session state listener failed", e);
                    }
                }));
            }
            listeners.add(listener);
        }
    }
}
