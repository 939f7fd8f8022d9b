package io.upsfleet.mib.support;

import io.upsfleet.contracts.Json;
import io.upsfleet.testsupport.TestMqttClient;

import java.nio.charset.StandardCharsets;

/** A Paho publisher for tests, connected to the same broker as the service. */
public final class Mqtt extends TestMqttClient {

    public Mqtt() {
        super("mib-test-pub-");
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
}
