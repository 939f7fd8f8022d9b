package io.upsfleet.system;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * device-gateway is restarted while alarms are open: a mains failure that ended while it was down is
 * cleared when it is back (nobody would ever hear "mains restored" otherwise), and one still going on is
 * not raised a second time. The gateway learns where it left off from its own retained status messages.
 */
class GatewayRestartTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String GATEWAY = "gw-restart-" + SUFFIX;
    private static final String ENDED = "gr-" + SUFFIX + "-ended";
    private static final String ONGOING = "gr-" + SUFFIX + "-ongoing";

    private static MegatecSimulator simulator;
    private static PackagedService gateway;
    private static MqttClient listener;
    private static final List<AlarmEvent> edges = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path repo = PackagedService.repo();
        Infra infra = Infra.get();
        simulator = new MegatecSimulator("127.0.0.1").startClock();
        StringBuilder fleet = new StringBuilder();
        for (String id : List.of(ENDED, ONGOING)) {
            fleet.append(id).append(",tcp://127.0.0.1:").append(simulator.add(new SimulatedUps(id), 0)).append('\n');
        }
        Path work = repo.resolve("system-tests/target/gateway-restart");
        Files.createDirectories(work);
        Path fleetFile = work.resolve("fleet.csv");
        Files.writeString(fleetFile, fleet.toString());
        Map<String, String> gatewayProperties = Map.of(
                "upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort),
                "upsfleet.gateway.id", GATEWAY,
                "upsfleet.gateway.fleet-file", fleetFile.toString(),
                "upsfleet.gateway.defaults.poll-interval", "PT0.5S",
                "upsfleet.gateway.mqtt.persistence-dir", work.resolve("mqtt").toString(),
                "upsfleet.gateway.journal.dir", work.resolve("journal").toString());

        listener = new MqttClient(infra.mqttUri(), "gw-restart-listener-" + SUFFIX, new MemoryPersistence());
        listener.connect();
        listener.subscribe(Topics.alarm(ENDED), 1, (t, m) -> edges.add(Json.parse(m.getPayload(), AlarmEvent.class)));
        listener.subscribe(Topics.alarm(ONGOING), 1, (t, m) -> edges.add(Json.parse(m.getPayload(), AlarmEvent.class)));

        gateway = PackagedService.start(repo, "device-gateway", gatewayProperties, Map.of());
        gateway.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (listener != null && listener.isConnected()) {
            listener.disconnect();
        }
        if (simulator != null) {
            simulator.close();
        }
        List<String> retained = new ArrayList<>(List.of(Topics.gatewayAvailability(GATEWAY)));
        for (String id : List.of(ENDED, ONGOING)) {
            retained.addAll(List.of(Topics.status(id), Topics.identity(id)));
        }
        RetainedMessages.clear(Infra.get().mqttUri(), retained);
        MqttSessions.discard(Infra.get().mqttUri(), "upsfleet-gateway-" + GATEWAY);
    }

    @Test
    void alarmsThatEndedWhileTheGatewayWasDownAreClearedAndOngoingOnesAreNotRaisedAgain() throws Exception {
        simulator.unit(ENDED).setMainsOk(false);
        simulator.unit(ONGOING).setMainsOk(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(ENDED, AlarmEvent.AlarmState.RAISED) == 1
                && count(ONGOING, AlarmEvent.AlarmState.RAISED) == 1);
        Thread.sleep(1500); // the retained status carrying the OB flags has reached the broker

        gateway.close();   // SIGTERM, a normal stop (an upgrade, a node drain)
        simulator.unit(ENDED).setMainsOk(true);   // mains comes back while nobody watches
        gateway = gateway.restart();
        gateway.awaitReady(Duration.ofSeconds(90));

        await().atMost(Duration.ofSeconds(20)).until(() -> count(ENDED, AlarmEvent.AlarmState.CLEARED) == 1);
        Thread.sleep(3000); // several polls of the restarted gateway
        assertEquals(1, count(ENDED, AlarmEvent.AlarmState.RAISED), "raised once: " + edges);
        assertEquals(1, count(ONGOING, AlarmEvent.AlarmState.RAISED), "still on battery: not raised again: " + edges);
        assertEquals(0, count(ONGOING, AlarmEvent.AlarmState.CLEARED), edges.toString());
        simulator.unit(ONGOING).setMainsOk(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(ONGOING, AlarmEvent.AlarmState.CLEARED) == 1);
    }

    private static long count(String upsId, AlarmEvent.AlarmState state) {
        return edges.stream().filter(e -> e.upsId().equals(upsId) && e.alarm() == AlarmType.ON_BATTERY && e.state() == state).count();
    }
}
