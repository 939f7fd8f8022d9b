package io.upsfleet.system;

import io.upsfleet.contracts.GatewayAvailability;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.RetainedMessages;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway that dies without saying goodbye (SIGKILL: a crash, an OOM kill, a pulled plug) is announced
 * OFFLINE by the broker through the gateway's MQTT last will, retained, so that a subscriber arriving later
 * sees it too; a gateway that stops normally says OFFLINE itself.
 */
class GatewayLastWillTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String GATEWAY = "gw-will-" + SUFFIX;
    private static final String UPS = "lw-" + SUFFIX;

    @Test
    void aKilledGatewayIsAnnouncedOfflineByItsLastWillAndAStoppedOneSaysSoItself() throws Exception {
        Path repo = PackagedService.repo();
        Infra infra = Infra.get();
        Path work = repo.resolve("system-tests/target/gateway-will");
        Files.createDirectories(work);
        List<GatewayAvailability> seen = new CopyOnWriteArrayList<>();
        try (MegatecSimulator simulator = new MegatecSimulator("127.0.0.1").startClock()) {
            Path fleetFile = work.resolve("fleet.csv");
            Files.writeString(fleetFile, UPS + ",tcp://127.0.0.1:" + simulator.add(new SimulatedUps(UPS), 0) + "\n");
            Map<String, String> properties = Map.of(
                    "upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort),
                    "upsfleet.gateway.id", GATEWAY, "upsfleet.gateway.fleet-file", fleetFile.toString(),
                    "upsfleet.gateway.mqtt.persistence-dir", work.resolve("mqtt").toString(),
                    "upsfleet.gateway.journal.dir", work.resolve("journal").toString());
            MqttClient listener = new MqttClient(infra.mqttUri(), "gw-will-listener-" + SUFFIX, new MemoryPersistence());
            listener.connect();
            listener.subscribe(Topics.gatewayAvailability(GATEWAY), 1,
                    (t, m) -> seen.add(Json.parse(m.getPayload(), GatewayAvailability.class)));
            PackagedService gateway = PackagedService.start(repo, "device-gateway", properties, Map.of());
            try {
                gateway.awaitReady(Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(20)).until(() -> last(seen) == GatewayAvailability.State.ONLINE);

                gateway.kill(); // SIGKILL: no chance to publish anything
                await().atMost(Duration.ofSeconds(20)).until(() -> last(seen) == GatewayAvailability.State.OFFLINE);
                assertEquals(GATEWAY, seen.get(seen.size() - 1).gatewayId());
                assertEquals(GatewayAvailability.State.OFFLINE, retainedState(infra), "the last will is retained");

                gateway = gateway.restart();
                gateway.awaitReady(Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(20)).until(() -> last(seen) == GatewayAvailability.State.ONLINE);
                gateway.close(); // SIGTERM: a normal stop
                await().atMost(Duration.ofSeconds(20)).until(() -> last(seen) == GatewayAvailability.State.OFFLINE);
                assertEquals(GatewayAvailability.State.OFFLINE, retainedState(infra));
            } finally {
                gateway.close();
                listener.disconnect();
                RetainedMessages.clear(infra.mqttUri(), List.of(Topics.gatewayAvailability(GATEWAY), Topics.status(UPS),
                        Topics.identity(UPS)));
                MqttSessions.discard(infra.mqttUri(), "upsfleet-gateway-" + GATEWAY);
            }
        }
    }

    private static GatewayAvailability.State last(List<GatewayAvailability> seen) {
        return seen.isEmpty() ? null : seen.get(seen.size() - 1).state();
    }

    /** What a subscriber arriving now is told (the retained message). */
    private static GatewayAvailability.State retainedState(Infra infra) throws Exception {
        List<GatewayAvailability> retained = new CopyOnWriteArrayList<>();
        MqttClient late = new MqttClient(infra.mqttUri(), "gw-will-late-" + UUID.randomUUID(), new MemoryPersistence());
        late.connect();
        try {
            late.subscribe(Topics.gatewayAvailability(GATEWAY), 1,
                    (t, m) -> retained.add(Json.parse(m.getPayload(), GatewayAvailability.class)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !retained.isEmpty());
            return retained.get(0).state();
        } finally {
            late.disconnect();
        }
    }
}
