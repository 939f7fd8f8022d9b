package io.upsfleet.mqtt;

import io.quarkus.arc.ClientProxy;
import io.smallrye.reactive.messaging.mqtt.Clients;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSession;
import io.smallrye.reactive.messaging.mqtt.session.RequestedQoS;
import io.smallrye.reactive.messaging.mqtt.session.SessionState;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes persistent MQTT sessions of the SmallRye MQTT connector (clean session off, a stable client id)
 * lossless. Call {@link #resume} once the application has subscribed to all its incoming channels.
 * Two connector behaviours are worked around:
 * <ol>
 * <li>The broker sends what it queued for the session right after CONNACK. The connector connects when it
 * creates a channel, before the application has subscribed to the channel streams, and drops whatever
 * arrives in between. Those messages are never acknowledged: they stay in flight at the broker, lost for
 * this run, and once there are as many as the broker's in-flight window the broker sends nothing more.
 * One reconnect after the application has subscribed makes the broker resend every unacknowledged
 * message (MQTT 3.1.1, 4.4) to a listener that is there.</li>
 * <li>When the broker reports a session present, the connector trusts it to hold the subscriptions and
 * sends no SUBSCRIBE. A session can exist without them: a process killed between CONNACK and SUBACK, or
 * a broker restored from its persistence file without the shared subscriptions (seen with Mosquitto 2.0:
 * after a broker restart the consumer was connected and received nothing). So every time the session
 * connects, all its subscriptions are sent again. Subscribing again to an existing subscription only
 * replaces it (MQTT 3.1.1, 3.8.4); the broker resends retained messages.</li>
 * </ol>
 * Both mean the application may see a message twice: its processing must be idempotent.
 * <p>
 * The connector keeps its sessions in private members, reached here by reflection. If a connector
 * upgrade removes them, {@link #resume} throws (at startup) rather than letting the service run deaf.
 */
public final class PersistentSessions {

    private static final Logger LOG = Logger.getLogger(PersistentSessions.class);

    private PersistentSessions() {
    }

    /**
     * Resubscribes every session of the connector on each connect from now on, and reconnects each once
     * so the broker redelivers what was dropped before the application listened. Throws if the connector
     * internals are not what this class expects; the returned future completes when the sessions are back.
     */
    public static Future<Void> resume(Object mqttConnector) {
        List<MqttClientSession> sessions = sessionsOf(mqttConnector);
        List<Future<Void>> done = new ArrayList<>();
        for (MqttClientSession session : sessions) {
            Runnable subscribeAll = subscribeAll(session);
            SessionEvents.listen(session, event -> {
                if (event.getSessionState() == SessionState.CONNECTED) {
                    subscribeAll.run(); // on the session's event loop, right after CONNACK
                }
            });
            done.add(session.stop().compose(stopped -> session.start()));
        }
        LOG.infof("Reconnecting %d MQTT session(s) so the broker redelivers messages queued while this replica was away",
                sessions.size());
        return Future.all(done).mapEmpty();
    }

    /** Every MQTT client session the connector made, incoming and outgoing channels alike. */
    public static List<MqttClientSession> allSessions() {
        List<MqttClientSession> sessions = new ArrayList<>();
        try {
            Field clients = Clients.class.getDeclaredField("clients");
            clients.setAccessible(true);
            Map<?, ?> holders = (Map<?, ?>) clients.get(null);
            synchronized (holders) {
                for (Object holder : holders.values()) {
                    sessions.add(((Clients.ClientHolder) holder).getClient());
                }
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw unsupported(Clients.class.getName(), e);
        }
        return sessions;
    }

    /** The distinct MQTT client sessions behind the connector's incoming channels. */
    static List<MqttClientSession> sessionsOf(Object mqttConnector) {
        Object connector = ClientProxy.unwrap(mqttConnector);
        Set<MqttClientSession> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (Object source : (List<?>) field(connector, "sources")) {
                Clients.ClientHolder holder = (Clients.ClientHolder) field(source, "holder");
                sessions.add(holder.getClient());
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw unsupported(connector, e);
        }
        return new ArrayList<>(sessions);
    }

    /** Sends SUBSCRIBE for every topic the session holds, through the session's own bookkeeping. */
    @SuppressWarnings("unchecked")
    private static Runnable subscribeAll(MqttClientSession session) {
        Map<String, RequestedQoS> subscriptions;
        Method request;
        try {
            subscriptions = (Map<String, RequestedQoS>) field(session, "subscriptions");
            request = session.getClass().getDeclaredMethod("requestSubscribe", LinkedHashMap.class);
            request.setAccessible(true);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw unsupported(session, e);
        }
        return () -> {
            try {
                request.invoke(session, new LinkedHashMap<>(subscriptions));
            } catch (ReflectiveOperationException e) {
                LOG.error("Could not subscribe the MQTT session again; messages may not arrive until the next reconnect", e);
            }
        };
    }

    private static IllegalStateException unsupported(Object where, Exception e) {
        return unsupported(where.getClass().getName(), e);
    }

    private static IllegalStateException unsupported(String where, Exception e) {
        return new IllegalStateException("This version of the SmallRye MQTT connector (" + where
                + ") has not the internals persistent sessions rely on; switch the persistent MQTT session off"
                + " (see the service README)", e);
    }

    /** The named field, declared by the object's class or a superclass (Arc subclasses beans it intercepts). */
    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }
}
