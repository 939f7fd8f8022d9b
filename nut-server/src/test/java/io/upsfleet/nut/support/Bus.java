package io.upsfleet.nut.support;

import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.RetainedMessages;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a gateway (and alert-service) on the test broker: publishes the payloads nut-server reads,
 * listens to what it publishes, and clears every retained message it made when closed.
 */
public final class Bus implements AutoCloseable {

    public static final String GATEWAY = "gw-nut-test";

    private final MqttClient client;
    private final List<String> retained = new CopyOnWriteArrayList<>();

    public Bus() {
        try {
            client = new MqttClient(Infra.get().mqttUri(), "nut-test-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A UPS id no other test run uses. */
    public static String unit(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void publish(String topic, Object payload) {
        publish(topic, Json.toBytes(payload), false);
    }

    public void publishRetained(String topic, Object payload) {
        retained.add(topic);
        publish(topic, Json.toBytes(payload), true);
    }

    public void publishRaw(String topic, String payload, boolean retain) {
        if (retain) {
            retained.add(topic);
        }
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
    }

    private void publish(String topic, byte[] payload, boolean retain) {
        try {
            client.publish(topic, payload, 1, retain);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything published on {@code filter} from now on (payload as text, with its topic). */
    public List<String[]> listen(String filter) {
        List<String[]> seen = new CopyOnWriteArrayList<>();
        try {
            client.subscribe(filter, 1, (topic, m) -> seen.add(new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)}));
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
        return seen;
    }

    /** A unit on line with a fresh reading: retained status and identity, one reading. */
    public void online(String upsId, String flags, double outputVoltage) {
        Instant now = Instant.now();
        publishRetained(Topics.status(upsId), new UpsStatus(1, upsId, GATEWAY, now, UpsStatus.CommState.OK, flags, null, now));
        publishRetained(Topics.identity(upsId), identity(upsId, now));
        publish(Topics.reading(upsId), reading(upsId, flags, outputVoltage, now));
    }

    public static Identity identity(String upsId, Instant ts) {
        return new Identity(1, upsId, GATEWAY, ts, "UPSFLEET-SIM", "MEGA-24V", "SIM-1.0", 230.0, 4.0, 24.0, 50.0);
    }

    public static Reading reading(String upsId, String flags, double outputVoltage, Instant ts) {
        return new Reading(1, upsId, GATEWAY, ts, 229.8, 140.0, outputVoltage, 30, 50.0, 2.27, 28.0, flags, null, 97.0, 2000);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            // best effort
        }
        RetainedMessages.clear(Infra.get().mqttUri(), new ArrayList<>(retained));
    }
}
