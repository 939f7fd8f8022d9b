package io.upsfleet.system;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.RetainedMessages;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * device-gateway reads UPS units from NUT servers ({@code nut://user:password@host:port/ups}, issue 13 item 3),
 * every service a packaged process: Debian's own upsd with a dummy-ups unit, whose readings the gateway
 * publishes with the dummy's values (dummy-ups has no instant commands: a battery test is UNSUPPORTED), and
 * nut-server, a NUT server too, to which a battery test goes as INSTCMD with the configured user, and which
 * passes it on to its own UPS on the bus.
 */
class NutSourceTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String FROM_UPSD = "nutsrc-upsd-" + SUFFIX;
    private static final String FROM_NUT_SERVER = "nutsrc-nut-" + SUFFIX;
    /** The unit nut-server serves (from the bus), which the gateway reads as FROM_NUT_SERVER. */
    private static final String BEHIND = "nutsrc-behind-" + SUFFIX;
    private static final String GATEWAY = "gw-nutsrc-" + SUFFIX;
    private static final String ADMIN_PW = "nutsrc-admin-" + UUID.randomUUID();
    private static final String DUMMY = String.join("\n",
            "ups.status: OL", "input.voltage: 231.5", "input.voltage.fault: 140.0", "output.voltage: 229.0", "ups.load: 42",
            "input.frequency: 49.9", "battery.voltage: 26.8", "ups.temperature: 31.5", "battery.charge: 87",
            "battery.runtime: 1260", "ups.beeper.status: enabled", "device.model: DummyModel", "ups.firmware: 1.2.3", "");

    @Test
    void theGatewayPublishesWhatUpsdServesAndSendsCommandsAsInstcmd() throws Exception {
        Path repo = PackagedService.repo();
        Infra infra = Infra.get();
        Path work = repo.resolve("system-tests/target/nut-source");
        Files.createDirectories(work);
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        MqttClient bus = new MqttClient(infra.mqttUri(), "nutsrc-bus-" + SUFFIX, new MemoryPersistence());
        bus.connect();
        try (PrivateUpsd upsd = PrivateUpsd.start(Map.of("dummy1", DUMMY), "gateway", "gw-upsd-pw")) {
            int nutPort = PackagedService.freePort(); // once upsd has its port
            // the unit nut-server serves, as a gateway would publish it
            Instant now = Instant.now();
            publish(bus, Topics.status(BEHIND), new UpsStatus(1, BEHIND, "gw-behind", now, UpsStatus.CommState.OK, "00001000", null, now), true);
            publish(bus, Topics.identity(BEHIND), new Identity(1, BEHIND, "gw-behind", now, "UPSFLEET-SIM", "MEGA-24V", "SIM-1.0",
                    230.0, 4.0, 24.0, 50.0), true);
            feeder.scheduleAtFixedRate(() -> publish(bus, Topics.reading(BEHIND), new Reading(1, BEHIND, "gw-behind", Instant.now(),
                    228.0, 0.0, 230.0, 20, 50.0, 27.0, 26.0, "00001000", null, 91.0, 1800), false), 0, 500, TimeUnit.MILLISECONDS);

            Path fleetFile = work.resolve("fleet.csv");
            Files.writeString(fleetFile, FROM_UPSD + ",nut://gateway:gw-upsd-pw@127.0.0.1:" + upsd.port + "/dummy1\n"
                    + FROM_NUT_SERVER + ",nut://admin:" + ADMIN_PW + "@127.0.0.1:" + nutPort + "/" + BEHIND + "\n");
            Map<String, String> mqtt = Map.of("upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort));
            Map<String, String> gateway = new HashMap<>(mqtt);
            gateway.putAll(Map.of("upsfleet.gateway.id", GATEWAY, "upsfleet.gateway.fleet-file", fleetFile.toString(),
                    "upsfleet.gateway.defaults.poll-interval", "PT1S", "upsfleet.gateway.command.confirm-timeout", "PT3S",
                    "upsfleet.gateway.mqtt.persistence-dir", work.resolve("gateway-mqtt").toString()));
            Map<String, String> nut = new HashMap<>(mqtt);
            nut.putAll(Map.of("upsfleet.nut.port", String.valueOf(nutPort), "upsfleet.nut.server-id", "nutsrc-" + SUFFIX));

            List<Reading> readings = new CopyOnWriteArrayList<>();
            List<CommandResult> results = new CopyOnWriteArrayList<>();
            List<CommandRequest> passedOn = new CopyOnWriteArrayList<>();
            bus.subscribe(Topics.reading(FROM_UPSD), 0, (t, m) -> readings.add(Json.parse(m.getPayload(), Reading.class)));
            bus.subscribe(Topics.commandResult(FROM_UPSD), 1, (t, m) -> results.add(Json.parse(m.getPayload(), CommandResult.class)));
            bus.subscribe(Topics.commandResult(FROM_NUT_SERVER), 1, (t, m) -> results.add(Json.parse(m.getPayload(), CommandResult.class)));
            bus.subscribe(Topics.command(BEHIND), 1, (t, m) -> passedOn.add(Json.parse(m.getPayload(), CommandRequest.class)));

            try (PackagedService server = PackagedService.start(repo, "nut-server", nut, Map.of("UPSFLEET_NUT_ADMIN_PASSWORD", ADMIN_PW));
                 PackagedService gw = PackagedService.start(repo, "device-gateway", gateway, Map.of())) {
                server.awaitReady(Duration.ofSeconds(120));
                gw.awaitReady(Duration.ofSeconds(120));

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> !readings.isEmpty());
                Reading r = readings.get(readings.size() - 1);
                assertEquals(List.of(231.5, 140.0, 229.0, 42, 49.9, 26.8, 31.5, 87.0, 1260),
                        List.of(r.inputVoltage(), r.inputFaultVoltage(), r.outputVoltage(), r.loadPercent(), r.inputFrequency(),
                                r.batteryVoltage(), r.temperature(), r.batteryCharge(), r.runtimeSeconds()),
                        "the dummy's values, battery charge and runtime as upsd reports them: " + r);
                assertEquals("00000001", r.flags(), "on line, beeper enabled");

                String quick = command(bus, FROM_UPSD);
                await().atMost(Duration.ofSeconds(20)).until(() -> outcome(results, quick) != null);
                assertEquals(CommandOutcome.UNSUPPORTED, outcome(results, quick), "dummy-ups has no instant commands: " + results);

                String passed = command(bus, FROM_NUT_SERVER);
                await().atMost(Duration.ofSeconds(20)).until(() -> !passedOn.isEmpty());
                CommandRequest inner = passedOn.get(0);
                assertEquals(CommandType.BATTERY_TEST_QUICK, inner.command(), "INSTCMD test.battery.start.quick reached nut-server");
                assertEquals("admin", inner.requestedBy(), "as the NUT user of the gateway's nut:// uri");
                await().atMost(Duration.ofSeconds(20)).until(() -> outcome(results, passed) != null);
                assertEquals(CommandOutcome.ACCEPTED, results.stream().filter(x -> x.commandId().equals(passed)).findFirst().orElseThrow().outcome(),
                        "nut-server answered OK: " + results);
                assertTrue(!gw.logText().contains("gw-upsd-pw") && !gw.logText().contains(ADMIN_PW), "no password in the gateway's log");
            } finally {
                feeder.shutdownNow();
                bus.disconnect();
                RetainedMessages.clear(infra.mqttUri(), List.of(Topics.status(BEHIND), Topics.identity(BEHIND),
                        Topics.status(FROM_UPSD), Topics.identity(FROM_UPSD), Topics.status(FROM_NUT_SERVER),
                        Topics.identity(FROM_NUT_SERVER), Topics.gatewayAvailability(GATEWAY)));
                MqttSessions.discard(infra.mqttUri(), "upsfleet-gateway-" + GATEWAY);
            }
        }
    }

    private static String command(MqttClient bus, String ups) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(bus, Topics.command(ups), new CommandRequest(CommandRequest.VERSION, id, ups, CommandType.BATTERY_TEST_QUICK,
                null, null, null, "nut-source-test", Instant.now()), false);
        return id;
    }

    /** The first outcome of {@code commandId}, null while there is none. */
    private static CommandOutcome outcome(List<CommandResult> results, String commandId) {
        return results.stream().filter(r -> r.commandId().equals(commandId)).map(CommandResult::outcome).findFirst().orElse(null);
    }

    private static void publish(MqttClient bus, String topic, Object payload, boolean retained) {
        try {
            MqttMessage m = new MqttMessage(Json.toBytes(payload));
            m.setQos(1);
            m.setRetained(retained);
            bus.publish(topic, m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
