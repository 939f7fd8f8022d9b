package io.upsfleet.testsupport;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A test that ran a consumer with a persistent MQTT session removes that session when it ends: the
 * shared broker would otherwise keep queueing messages for it (and, in a shared-subscription group, keep
 * handing it its share of the group's messages).
 */
public final class MqttSessions {

    private MqttSessions() {
    }

    /** Connects once with the session's client id and a clean session, which discards what the broker kept. */
    public static void discard(String brokerUri, String clientId) {
        try {
            MqttClient client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            System.err.println("could not discard MQTT session " + clientId + " on " + brokerUri + ": " + e.getMessage());
        }
    }
}
