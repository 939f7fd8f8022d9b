package io.upsfleet.mib.ingest;

import io.quarkus.arc.ClientProxy;
import io.smallrye.reactive.messaging.mqtt.Clients;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSession;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.mqtt.session.RequestedQoS;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Makes the broker redeliver what it sent before the ingest pipeline was listening.
 * <p>
 * With a persistent session the broker sends the messages it queued for this replica right after
 * CONNACK. The SmallRye MQTT connector connects when it creates the channel, before the pipeline has
 * subscribed to the channel streams, and drops whatever arrives in between. Those messages are never
 * acknowledged, so they stay in flight at the broker: lost for this run and, once there are as many as
 * the broker's in-flight window, the broker sends nothing more. One reconnect after the pipeline has
 * subscribed makes the broker resend every unacknowledged message (MQTT 3.1.1, 4.4) to a listener that
 * is there; messages processed twice are stored once (the writes are idempotent).
 * <p>
 * The connector keeps its MQTT sessions in private fields, read here by reflection; if a connector
 * version no longer has them this fails loudly at startup (readiness stays down) rather than silently.
 */
final class SessionResume {

    private static final Logger LOG = Logger.getLogger(SessionResume.class);

    private SessionResume() {
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
            for (MqttClientSession session : sessions) {  // what resubscribe() needs, checked up front
                field(session, "subscriptions");
                field(session, "vertx");
                session.getClass().getDeclaredMethod("requestSubscribe", LinkedHashMap.class);
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Cannot reach the MQTT sessions of the SmallRye MQTT connector ("
                    + connector.getClass().getName() + "); set upsfleet.mib.mqtt.persistent-session=false", e);
        }
        return new ArrayList<>(sessions);
    }

    /**
     * Disconnects and reconnects each session, keeping it at the broker, then subscribes again; completes
     * once all are back.
     */
    static Future<Void> reconnect(List<MqttClientSession> sessions) {
        List<Future<Void>> done = new ArrayList<>();
        for (MqttClientSession session : sessions) {
            done.add(session.stop().compose(stopped -> session.start()).compose(started -> resubscribe(session)));
        }
        LOG.infof("Reconnecting %d MQTT session(s) so the broker redelivers messages queued while this replica was away",
                sessions.size());
        return Future.all(done).mapEmpty();
    }

    /**
     * Sends SUBSCRIBE for every topic of the session. When the broker reports a session present, the
     * connector trusts it to hold the subscriptions and sends none; but a session can exist without them
     * (a process killed between CONNACK and SUBACK, or the reconnect above), and then nothing would ever
     * arrive. Subscribing again to an existing subscription only replaces it (MQTT 3.1.1, 3.8.4); the
     * broker resends retained messages, which are stored idempotently.
     */
    @SuppressWarnings("unchecked")
    private static Future<Void> resubscribe(MqttClientSession session) {
        try {
            Map<String, RequestedQoS> subscriptions = (Map<String, RequestedQoS>) field(session, "subscriptions");
            Vertx vertx = (Vertx) field(session, "vertx");
            Method request = session.getClass().getDeclaredMethod("requestSubscribe", LinkedHashMap.class);
            request.setAccessible(true);
            Promise<Void> sent = Promise.promise();
            vertx.runOnContext(ignored -> {
                try {
                    request.invoke(session, new LinkedHashMap<>(subscriptions));
                    sent.complete();
                } catch (ReflectiveOperationException e) {
                    sent.fail(e);
                }
            });
            return sent.future();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return Future.failedFuture(new IllegalStateException("Cannot resubscribe the MQTT session of the SmallRye"
                    + " MQTT connector; set upsfleet.mib.mqtt.persistent-session=false", e));
        }
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
