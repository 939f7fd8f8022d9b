package io.upsfleet.system;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.RetainedMessages;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NUT clients drive a (simulated) UPS end to end, every service its own packaged process: Debian's upscmd on
 * nut-server runs test.battery.start.quick and load.off, device-gateway sends T and S00R0000 to the simulator,
 * confirms them by the flags (DONE, which upscmd -w reports as SUCCESS), and upsc sees the result. A LOGIN is
 * published as the UPS's retained client list, which the service removes when it stops.
 */
class NutServerChainTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String UPS = "nut-e2e-" + SUFFIX;
    private static final String GATEWAY = "gw-nut-" + SUFFIX;
    private static final String ADMIN_PW = "e2e-admin-" + UUID.randomUUID();

    @Test
    void upscmdRunsABatteryTestAndTurnsTheLoadOffOnTheSimulatedUps() throws Exception {
        Path repo = PackagedService.repo();
        Infra infra = Infra.get();
        Path work = repo.resolve("system-tests/target/nut-e2e");
        Files.createDirectories(work);
        int nutPort = PackagedService.freePort();
        try (MegatecSimulator simulator = new MegatecSimulator("127.0.0.1").startClock()) {
            SimulatedUps unit = new SimulatedUps(UPS);
            Path fleetFile = work.resolve("fleet.csv");
            Files.writeString(fleetFile, UPS + ",tcp://127.0.0.1:" + simulator.add(unit, 0) + "\n");
            Map<String, String> mqtt = Map.of("upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort));
            Map<String, String> gateway = new HashMap<>(mqtt);
            gateway.putAll(Map.of("upsfleet.gateway.id", GATEWAY, "upsfleet.gateway.fleet-file", fleetFile.toString(),
                    "upsfleet.gateway.defaults.poll-interval", "PT1S",
                    "upsfleet.gateway.mqtt.persistence-dir", work.resolve("gateway-mqtt").toString(),
                    "upsfleet.gateway.journal.dir", work.resolve("gateway-journal").toString()));
            Map<String, String> nut = new HashMap<>(mqtt);
            nut.putAll(Map.of("upsfleet.nut.port", String.valueOf(nutPort), "upsfleet.nut.server-id", "nut-e2e-" + SUFFIX));
            MqttClient listener = new MqttClient(infra.mqttUri(), "nut-e2e-listener-" + SUFFIX, new MemoryPersistence());
            listener.connect();
            List<CommandResult> results = new CopyOnWriteArrayList<>();
            listener.subscribe(Topics.commandResult(UPS), 1, (t, m) -> results.add(Json.parse(m.getPayload(), CommandResult.class)));
            try (PackagedService gw = PackagedService.start(repo, "device-gateway", gateway, Map.of());
                 PackagedService server = PackagedService.start(repo, "nut-server", nut, Map.of("UPSFLEET_NUT_ADMIN_PASSWORD", ADMIN_PW))) {
                gw.awaitReady(Duration.ofSeconds(90));
                server.awaitReady(Duration.ofSeconds(90));
                String target = UPS + "@127.0.0.1:" + nutPort;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> nut("upsc", target, "ups.status")[0].equals("OL"));

                String[] test = nut("upscmd", "-w", "-t", "20", "-u", "admin", "-p", ADMIN_PW, target, "test.battery.start.quick");
                assertTrue(test[1].contains("SUCCESS"), "the gateway confirmed the test (DONE): " + String.join(" | ", test));
                assertEquals(Boolean.TRUE, unit.snapshot().get("testRunning"), "the simulator runs the test");

                String[] off = nut("upscmd", "-w", "-t", "20", "-u", "admin", "-p", ADMIN_PW, target, "load.off");
                assertTrue(off[1].contains("SUCCESS"), "the gateway confirmed load.off (DONE): " + String.join(" | ", off));
                assertFalse(unit.outputOn(), "the simulator's output is off");
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> nut("upsc", target, "ups.status")[0].contains("OFF"));
                assertTrue(server.logText().contains("Instant command LOAD_OFF"), "nut-server logs who asked");
                for (CommandType type : List.of(CommandType.BATTERY_TEST_QUICK, CommandType.LOAD_OFF)) {
                    assertTrue(results.stream().anyMatch(r -> r.command() == type && r.outcome() == CommandOutcome.DONE),
                            type + " DONE on the bus: " + results);
                }

                // a login is published retained, and a clean stop removes the list
                try (Socket client = new Socket("127.0.0.1", nutPort)) {
                    client.getOutputStream().write(("USERNAME admin\nPASSWORD " + ADMIN_PW + "\nLOGIN " + UPS + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    await().atMost(Duration.ofSeconds(10)).until(() -> retainedClients(infra, "nut-e2e-" + SUFFIX).contains("\"admin\""));
                    server.close();
                }
                assertEquals("", retainedClients(infra, "nut-e2e-" + SUFFIX), "a stopped nut-server leaves no logged-in hosts behind");
            } finally {
                listener.disconnect();
                RetainedMessages.clear(infra.mqttUri(), List.of(Topics.status(UPS), Topics.identity(UPS),
                        Topics.gatewayAvailability(GATEWAY)));
                MqttSessions.discard(infra.mqttUri(), "upsfleet-gateway-" + GATEWAY);
            }
        }
    }

    /** The retained client list of {@link #UPS} on server {@code serverId}, "" when there is none. */
    private static String retainedClients(Infra infra, String serverId) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient late = new MqttClient(infra.mqttUri(), "nut-e2e-late-" + UUID.randomUUID(), new MemoryPersistence());
        late.connect();
        try {
            late.subscribe(Topics.nutClients(UPS, serverId), 1, (t, m) -> seen.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            Thread.sleep(1000);
            return seen.isEmpty() ? "" : seen.get(seen.size() - 1);
        } finally {
            late.disconnect();
        }
    }

    /** A NUT client's stdout (trimmed) and stderr; an empty private NUT_CONFPATH, so /etc/nut is not read. */
    private static String[] nut(String tool, String... args) throws Exception {
        Path dir = Files.createTempDirectory("nut-client");
        List<String> cmd = new java.util.ArrayList<>(List.of(tool));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("NUT_CONFPATH", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String[] {Files.readString(dir.resolve("out"), StandardCharsets.UTF_8).trim(),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8)};
    }
}
