package io.upsfleet.nut.support;

import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.RetainedMessages;
import io.upsfleet.testsupport.TestMqttClient;

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
public final class Bus extends TestMqttClient {

    public static final String GATEWAY = "gw-nut-test";

    private final List<String> retained = new CopyOnWriteArrayList<>();

    public Bus() {
        super("nut-test-");
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
        super.close();
        RetainedMessages.clear(Infra.get().mqttUri(), new ArrayList<>(retained));
    }
}
