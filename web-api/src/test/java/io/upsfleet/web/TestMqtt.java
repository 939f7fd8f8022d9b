package io.upsfleet.web;

import io.upsfleet.testsupport.TestMqttClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A raw MQTT client playing the gateway in tests: publishes payloads and records what it receives. */
public final class TestMqtt extends TestMqttClient {

    /** The payloads (UTF-8) of every message on the filters subscribed to. */
    public final List<String> received = new CopyOnWriteArrayList<>();

    public TestMqtt() {
        super("web-api-test-");
    }

    public TestMqtt subscribe(String filter) {
        listen(filter, (topic, payload) -> received.add(payload));
        return this;
    }
}
