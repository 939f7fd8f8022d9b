package io.upsfleet.testsupport;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A plain Paho client on the test broker ({@link Infra}) that plays a gateway or another service: clean
 * session, QoS 1, up to 1,000 messages in flight. Publishes what the service under test reads and records
 * what it publishes.
 */
public class TestMqttClient implements AutoCloseable {

    private final MqttClient client;

    /** @param idPrefix start of the client id (a random suffix makes it unique) */
    public TestMqttClient(String idPrefix) {
        try {
            client = new MqttClient(Infra.get().mqttUri(), idPrefix + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to the test broker", e);
        }
    }

    public void publish(String topic, byte[] payload, boolean retained) {
        try {
            client.publish(topic, payload, 1, retained);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything published on {@code filter} from now on: topic and payload (UTF-8 text) per message. */
    public List<String[]> listen(String filter) {
        List<String[]> seen = new CopyOnWriteArrayList<>();
        listen(filter, (topic, payload) -> seen.add(new String[] {topic, payload}));
        return seen;
    }

    /** Hands every message published on {@code filter} from now on to {@code onMessage} (topic, UTF-8 payload). */
    public void listen(String filter, BiConsumer<String, String> onMessage) {
        try {
            client.subscribe(filter, 1, (topic, m) -> onMessage.accept(topic, new String(m.getPayload(), StandardCharsets.UTF_8)));
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
