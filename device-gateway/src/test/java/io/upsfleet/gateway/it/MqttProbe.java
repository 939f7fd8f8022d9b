package io.upsfleet.gateway.it;

import io.upsfleet.contracts.Json;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A plain MQTT client on the real broker that records what the gateway publishes. */
final class MqttProbe implements AutoCloseable {

    record Received(String topic, byte[] payload, boolean retained, long atMillis) {
        <T> T as(Class<T> type) {
            return Json.parse(payload, type);
        }
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    MqttProbe(String brokerUri, String... filters) throws MqttException {
        client = new MqttClient(brokerUri, "probe-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(10_000);
        client.connect(options);
        for (String filter : filters) {
            client.subscribe(filter, 1, (topic, message) ->
                    received.add(new Received(topic, message.getPayload(), message.isRetained(), System.currentTimeMillis())));
        }
    }

    List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).collect(Collectors.toList());
    }

    <T> List<T> on(String topic, Class<T> type) {
        return on(topic).stream().map(r -> r.as(type)).collect(Collectors.toList());
    }

    void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
