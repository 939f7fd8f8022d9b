package io.upsfleet.system;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.RetainedMessages;
import io.upsfleet.testsupport.TcpProxy;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's journal (issue 15.1): with the broker unreachable the gateway polls and journals; it is
 * killed with SIGKILL (no shutdown of any kind), started again, and the broker comes back: every reading
 * polled before the kill arrives downstream, exactly once per (ups, ts). Without the journal
 * ({@code upsfleet.gateway.journal.enabled=false}: the in-memory buffer) the readings die with the process.
 */
class GatewayJournalCrashTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String GATEWAY = "gw-journal-" + SUFFIX;
    private static final List<String> UNITS = List.of("jr-a-" + SUFFIX, "jr-b-" + SUFFIX, "jr-c-" + SUFFIX);

    @Test
    void readingsPolledDuringABrokerOutageSurviveASigkillAndArriveOnceEach() throws Exception {
        Path repo = PackagedService.repo();
        Infra infra = Infra.get();
        Path work = repo.resolve("system-tests/target/gateway-journal-" + SUFFIX);
        Files.createDirectories(work);

        // Downstream: a persistent session subscribed before the run, straight on the broker.
        Map<String, AtomicInteger> readings = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> alarms = new ConcurrentHashMap<>();
        MqttClient subscriber = new MqttClient(infra.mqttUri(), "journal-sub-" + SUFFIX, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        subscriber.connect(options);
        for (String ups : UNITS) {
            subscriber.subscribe(Topics.reading(ups), 1, (t, m) -> {
                Reading r = Json.parse(m.getPayload(), Reading.class);
                readings.computeIfAbsent(r.upsId() + "@" + r.ts(), k -> new AtomicInteger()).incrementAndGet();
            });
            subscriber.subscribe(Topics.alarm(ups), 1, (t, m) -> alarms.computeIfAbsent(
                    Json.parse(m.getPayload(), AlarmEvent.class).eventId(), k -> new AtomicInteger()).incrementAndGet());
        }

        TcpProxy broker = new TcpProxy(infra.mqttHost, infra.mqttPort);
        broker.cut(); // the broker is unreachable from the start
        MegatecSimulator simulator = new MegatecSimulator("127.0.0.1").startClock();
        StringBuilder fleet = new StringBuilder();
        for (String ups : UNITS) {
            fleet.append(ups).append(",tcp://127.0.0.1:").append(simulator.add(new SimulatedUps(ups), 0)).append('\n');
        }
        Path fleetFile = work.resolve("fleet.csv");
        Files.writeString(fleetFile, fleet);
        Map<String, String> properties = new HashMap<>(Map.of(
                "upsfleet.mqtt.host", "127.0.0.1", "upsfleet.mqtt.port", String.valueOf(broker.port()),
                "upsfleet.gateway.id", GATEWAY, "upsfleet.gateway.fleet-file", fleetFile.toString(),
                "upsfleet.gateway.defaults.poll-interval", "PT0.2S",
                "upsfleet.gateway.defaults.comm-lost-after", "2",
                "upsfleet.gateway.mqtt.restore-timeout", "PT1S",
                "upsfleet.gateway.mqtt.persistence-dir", work.resolve("mqtt").toString(),
                "upsfleet.gateway.journal.dir", work.resolve("journal").toString()));
        // The protection under test; "false" (the in-memory buffer) makes this test fail.
        properties.put("upsfleet.gateway.journal.enabled", System.getProperty("test.gateway.journal", "true"));

        PackagedService gateway = PackagedService.start(repo, "device-gateway", properties, Map.of());
        try {
            // Polling while the broker is away: readings go to the journal only.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> metric(gateway, "upsfleet_gateway_polls_total{result=\"ok\"}") >= 60);
            // The units go silent (no more readings: COMM_LOST), so what was polled is a fixed number ...
            simulator.close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> metric(gateway, "upsfleet_gateway_ups_comm_lost") == UNITS.size());
            Thread.sleep(500); // well beyond the group commit interval (20 ms)
            long polled = metric(gateway, "upsfleet_gateway_polls_total{result=\"ok\"}");
            assertEquals(0, readings.size(), "nothing reached the broker before the kill");

            gateway.kill(); // SIGKILL
            broker.restore();
            PackagedService restarted = gateway.restart();
            try {
                restarted.awaitReady(Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> readings.size() >= polled);
                Thread.sleep(2000); // time for any duplicate to show
                int total = readings.values().stream().mapToInt(AtomicInteger::get).sum();
                assertEquals(polled, readings.size(), "every reading polled before the kill arrived (distinct (ups, ts))");
                assertEquals(polled, total, "and each exactly once");
                List<String> twice = new ArrayList<>();
                alarms.forEach((id, n) -> {
                    if (n.get() > 1) {
                        twice.add(id);
                    }
                });
                assertTrue(twice.isEmpty(), "alarm events delivered more than once: " + twice);
                assertTrue(alarms.size() >= UNITS.size(), "the COMM_LOST edges raised before the kill arrived: " + alarms.size());
                String log = restarted.logText();
                assertTrue(log.contains("published again first"), "the restart replays the journal:\n" + restarted.tail());
            } finally {
                restarted.close();
            }
        } finally {
            gateway.close();
            broker.close();
            subscriber.disconnect();
            MqttSessions.discard(infra.mqttUri(), "journal-sub-" + SUFFIX);
            MqttSessions.discard(infra.mqttUri(), "upsfleet-gateway-" + GATEWAY);
            List<String> retained = new ArrayList<>(List.of(Topics.gatewayAvailability(GATEWAY)));
            for (String ups : UNITS) {
                retained.addAll(Set.of(Topics.status(ups), Topics.identity(ups)));
            }
            RetainedMessages.clear(infra.mqttUri(), retained);
        }
    }

    /** A metric's value from the gateway's /q/metrics, -1 while it does not answer. */
    private static long metric(PackagedService service, String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            return -1;
        } catch (Exception notYet) {
            return -1;
        }
    }
}
