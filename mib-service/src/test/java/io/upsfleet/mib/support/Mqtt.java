package io.upsfleet.mib.support;

import io.upsfleet.contracts.Json;
import io.upsfleet.testsupport.Infra;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A Paho publisher for tests, connected to the same broker as the service. */
public final class Mqtt implements AutoCloseable {

    private final MqttClient client;

    public Mqtt() {
        try {
            client = new MqttClient(Infra.get().mqttUri(), "mib-test-pub-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String topic, Object payload) {
        publish(topic, Json.toBytes(payload), false);
    }

    public void publishRetained(String topic, Object payload) {
        publish(topic, Json.toBytes(payload), true);
    }

    public void publishRaw(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    public void publish(String topic, byte[] payload, boolean retained) {
        try {
            client.publish(topic, payload, 1, retained);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            // best effort
        }
    }
}
