package io.upsfleet.web;

import io.upsfleet.testsupport.Infra;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A raw MQTT client playing the gateway in tests: publishes payloads and records what it receives. */
public final class TestMqtt implements AutoCloseable {

    private final MqttClient client;
    public final List<String> received = new CopyOnWriteArrayList<>();

    public TestMqtt() {
        try {
            client = new MqttClient(Infra.get().mqttUri(), "web-api-test-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to the test broker", e);
        }
    }

    public TestMqtt subscribe(String filter) {
        try {
            client.subscribe(filter, 1, (topic, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            return this;
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String topic, byte[] payload, boolean retained) {
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            m.setRetained(retained);
            client.publish(topic, m);
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
            // test cleanup only
        }
    }
}
