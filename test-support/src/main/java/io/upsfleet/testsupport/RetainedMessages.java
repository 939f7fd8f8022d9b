package io.upsfleet.testsupport;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.List;
import java.util.UUID;

/**
 * Tests share one broker, which keeps retained messages forever: a test that made some (status, identity,
 * availability) removes them when it ends, so the next run and a developer's local system do not see
 * ghost UPS units.
 */
public final class RetainedMessages {

    private RetainedMessages() {
    }

    /** Publishes an empty retained message on each topic, which deletes what the broker kept there. */
    public static void clear(String brokerUri, List<String> topics) {
        try {
            MqttClient client = new MqttClient(brokerUri, "cleanup-" + UUID.randomUUID(), new MemoryPersistence());
            client.connect();
            for (String topic : topics) {
                MqttMessage empty = new MqttMessage(new byte[0]);
                empty.setQos(1);
                empty.setRetained(true);
                client.publish(topic, empty);
            }
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            System.err.println("could not clear retained test messages on " + brokerUri + ": " + e.getMessage());
        }
    }
}
