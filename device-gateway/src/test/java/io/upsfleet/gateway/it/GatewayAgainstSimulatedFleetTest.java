package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmEvent.AlarmState;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway against a simulated fleet (TCP and pty) and the real Mosquitto.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class GatewayAgainstSimulatedFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ConfigProperty(name = "test.ups.main") String main;
    @ConfigProperty(name = "test.ups.faulty") String faulty;
    @ConfigProperty(name = "test.ups.limited") String limited;
    @ConfigProperty(name = "test.ups.serial") String serial;
    @ConfigProperty(name = "test.ups.cmd") String cmd;
    @ConfigProperty(name = "test.ups.flood") String flood;
    @ConfigProperty(name = "test.simulator.url") String simulatorUrl;
    @ConfigProperty(name = "test.proxy.url") String proxyUrl;
    @ConfigProperty(name = "test.broker.uri") String brokerUri;

    private MqttProbe probe;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void subscribe() throws Exception {
        // Only this run's units: the shared broker may hold many retained messages of other runs.
        probe = new MqttProbe(brokerUri, Stream.of(main, faulty, limited, serial, cmd, flood)
                .map(id -> Topics.ROOT + "/ups/" + id + "/#").toArray(String[]::new));
    }

    @AfterEach
    void unsubscribe() throws Exception {
        probe.close();
    }

    private void control(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private void simulator(String unit, String action) throws Exception {
        control(simulatorUrl + "/units/" + unit + "/" + action);
    }

    private List<AlarmEvent> alarms(String ups, AlarmType type, AlarmState state) {
        return probe.on(Topics.alarm(ups), AlarmEvent.class).stream()
                .filter(a -> a.alarm() == type && a.state() == state).toList();
    }

    @Test
    void publishesReadingsForUnitsOnTcpAndOnAPty() {
        await().atMost(WAIT).until(() -> probe.on(Topics.reading(main)).size() >= 2
                && probe.on(Topics.reading(serial)).size() >= 2 && probe.on(Topics.reading(limited)).size() >= 2);
        Reading r = probe.on(Topics.reading(serial), Reading.class).get(0);
        assertEquals(serial, r.upsId());
        assertTrue(r.inputVoltage() > 200, "input voltage " + r.inputVoltage());
        assertEquals("OL", r.status().get(0));
        assertNotNull(r.batteryCharge(), "charge is derived from the battery voltage");
        assertNotNull(r.runtimeSeconds(), "runtime is derived from charge and load");
        // 'limited' reports the whole pack voltage (27.x V): the charge must come out the same scale.
        Reading pack = probe.on(Topics.reading(limited), Reading.class).get(0);
        assertTrue(pack.batteryVoltage() > 20, "pack voltage " + pack.batteryVoltage());
        assertTrue(pack.batteryCharge() > 50, "charge " + pack.batteryCharge());
    }

    @Test
    void statusIsRetainedForLateSubscribers() throws Exception {
        await().atMost(WAIT).until(() -> !probe.on(Topics.status(main)).isEmpty());
        try (MqttProbe late = new MqttProbe(brokerUri, Topics.status(main))) {
            await().atMost(WAIT).until(() -> !late.on(Topics.status(main)).isEmpty());
            MqttProbe.Received retained = late.on(Topics.status(main)).get(0);
            assertTrue(retained.retained());
            assertEquals(UpsStatus.CommState.OK, retained.as(UpsStatus.class).comm());
        }
    }

    @Test
    void identityIsReadAtConnectAndUnsupportedQueriesLeaveItEmpty() throws Exception {
        try (MqttProbe late = new MqttProbe(brokerUri, Topics.identity(main), Topics.identity(limited))) {
            await().atMost(WAIT).until(() -> !late.on(Topics.identity(main)).isEmpty() && !late.on(Topics.identity(limited)).isEmpty());
            Identity full = late.on(Topics.identity(main), Identity.class).get(0);
            assertEquals("UPSFLEET-SIM", full.manufacturer());
            assertEquals(230.0, full.ratedVoltage());
            Identity none = late.on(Topics.identity(limited), Identity.class).get(0);
            assertNull(none.manufacturer());
            assertNull(none.ratedVoltage());
        }
    }

    @Test
    void mainsFailureRaisesOneAlarmAndItsReturnClearsIt() throws Exception {
        simulator(main, "mains?state=fail");
        try {
            await().atMost(WAIT).until(() -> alarms(main, AlarmType.ON_BATTERY, AlarmState.RAISED).size() == 1);
            int readingsAtRaise = probe.on(Topics.reading(main)).size();
            await().atMost(WAIT).until(() -> probe.on(Topics.reading(main)).size() >= readingsAtRaise + 5);
            assertEquals(1, alarms(main, AlarmType.ON_BATTERY, AlarmState.RAISED).size(), "edge, not repeated every poll");
            Reading last = probe.on(Topics.reading(main), Reading.class).get(probe.on(Topics.reading(main)).size() - 1);
            assertEquals("OB", last.status().get(0));
        } finally {
            simulator(main, "mains?state=ok");
        }
        await().atMost(WAIT).until(() -> alarms(main, AlarmType.ON_BATTERY, AlarmState.CLEARED).size() == 1);
    }

    @Test
    void silentUnitIsDeclaredCommLostAndRecovers() throws Exception {
        simulator(faulty, "fault?mode=silence");
        try {
            await().atMost(WAIT).until(() -> alarms(faulty, AlarmType.COMM_LOST, AlarmState.RAISED).size() == 1);
            await().atMost(WAIT).until(() -> probe.on(Topics.status(faulty), UpsStatus.class).stream()
                    .anyMatch(s -> s.comm() == UpsStatus.CommState.LOST));
        } finally {
            simulator(faulty, "fault?mode=none");
        }
        await().atMost(WAIT).until(() -> alarms(faulty, AlarmType.COMM_LOST, AlarmState.CLEARED).size() == 1);
    }

    @Test
    void garbageOnTheLineIsCountedAndNeverPublishedAsAReading() throws Exception {
        await().atMost(WAIT).until(() -> !probe.on(Topics.reading(faulty)).isEmpty());
        simulator(faulty, "fault?mode=garbage");
        int before;
        try {
            await().atMost(WAIT).until(() -> alarms(faulty, AlarmType.COMM_LOST, AlarmState.RAISED).size() == 1);
            before = probe.on(Topics.reading(faulty)).size();
            Thread.sleep(1500); // several poll intervals of pure garbage
            assertEquals(before, probe.on(Topics.reading(faulty)).size(), "garbage must not produce readings");
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("upsfleet_gateway_polls_total{result=\"malformed\"}"));
        } finally {
            simulator(faulty, "fault?mode=none");
        }
        await().atMost(WAIT).until(() -> probe.on(Topics.reading(faulty)).size() > before);
    }

    private CommandRequest command(String ups, CommandType type, Integer testMinutes, Double shutdown, Integer restore) {
        return new CommandRequest(1, "c-" + UUID.randomUUID(), ups, type, testMinutes, shutdown, restore, "it", Instant.now());
    }

    private List<CommandOutcome> outcomes(String ups, String commandId) {
        return probe.on(Topics.commandResult(ups), CommandResult.class).stream()
                .filter(r -> r.commandId().equals(commandId)).map(CommandResult::outcome).toList();
    }

    @Test
    void beeperToggleIsAcceptedThenConfirmedByTheFlags() throws Exception {
        CommandRequest toggle = command(cmd, CommandType.BEEPER_TOGGLE, null, null, null);
        probe.publish(Topics.command(cmd), Json.toBytes(toggle));
        await().atMost(WAIT).until(() -> outcomes(cmd, toggle.commandId()).contains(CommandOutcome.DONE));
        assertEquals(List.of(CommandOutcome.ACCEPTED, CommandOutcome.DONE), outcomes(cmd, toggle.commandId()));
    }

    @Test
    void shutdownWithRestoreIsConfirmedAndCancelled() throws Exception {
        CommandRequest shutdown = command(cmd, CommandType.SHUTDOWN_RESTORE, null, 10.0, 1);
        probe.publish(Topics.command(cmd), Json.toBytes(shutdown));
        await().atMost(WAIT).until(() -> outcomes(cmd, shutdown.commandId()).contains(CommandOutcome.DONE));
        CommandRequest cancel = command(cmd, CommandType.CANCEL_SHUTDOWN, null, null, null);
        probe.publish(Topics.command(cmd), Json.toBytes(cancel));
        await().atMost(WAIT).until(() -> outcomes(cmd, cancel.commandId()).contains(CommandOutcome.DONE));
    }

    @Test
    void aFloodOfCommandsNeverStopsThePollingAndEveryCommandIsAnswered() throws Exception {
        List<CommandRequest> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // 99 different timed tests and beeper toggles: distinct commands, and identical ones
            burst.add(i % 3 == 0 ? command(flood, CommandType.BEEPER_TOGGLE, null, null, null)
                    : command(flood, CommandType.BATTERY_TEST_TIMED, 1 + i % 99, null, null));
        }
        long start = System.currentTimeMillis();
        for (CommandRequest c : burst) {
            probe.publish(Topics.command(flood), Json.toBytes(c));
        }
        // polling goes on at its interval (0.3 s in tests): a command takes a slot between polls
        Thread.sleep(5_000);
        long readings = probe.on(Topics.reading(flood)).stream().filter(r -> r.atMillis() > start + 1_000).count();
        assertTrue(readings >= 8, "readings in the 4 s after the flood started: " + readings);
        // every command is answered: the ones beyond the per-UPS queue at once, as busy
        await().atMost(WAIT).until(() -> burst.stream().allMatch(c -> !outcomes(flood, c.commandId()).isEmpty()));
        long busy = probe.on(Topics.commandResult(flood), CommandResult.class).stream()
                .filter(r -> r.outcome() == CommandOutcome.REJECTED && r.detail().startsWith("busy")).count();
        assertTrue(busy >= 150, "refused as busy: " + busy); // 200 distinct commands, 8 may wait
        long coalesced = probe.on(Topics.commandResult(flood), CommandResult.class).stream()
                .filter(r -> r.detail() != null && r.detail().contains("coalesced")).count();
        assertTrue(coalesced > 0, "identical waiting commands share one slot");
    }

    @Test
    void commandWithBadArgumentsIsRejectedWithoutTouchingTheLine() throws Exception {
        CommandRequest bad = command(cmd, CommandType.BATTERY_TEST_TIMED, 0, null, null);
        probe.publish(Topics.command(cmd), Json.toBytes(bad));
        await().atMost(WAIT).until(() -> outcomes(cmd, bad.commandId()).equals(List.of(CommandOutcome.REJECTED)));
        CommandResult result = probe.on(Topics.commandResult(cmd), CommandResult.class).stream()
                .filter(r -> r.commandId().equals(bad.commandId())).findFirst().orElseThrow();
        assertTrue(result.detail().contains("testMinutes"), result.detail());
    }

    @Test
    void aCommandThatWaitedTooLongOrComesFromTheFutureIsRefusedNotExecuted() throws Exception {
        CommandRequest late = new CommandRequest(1, "c-" + UUID.randomUUID(), cmd, CommandType.SHUTDOWN, null, 1.0, null,
                "it", Instant.now().minus(Duration.ofMinutes(10)));
        CommandRequest ahead = new CommandRequest(1, "c-" + UUID.randomUUID(), cmd, CommandType.SHUTDOWN, null, 1.0, null,
                "it", Instant.now().plus(Duration.ofDays(365)));
        probe.publish(Topics.command(cmd), Json.toBytes(late));
        probe.publish(Topics.command(cmd), Json.toBytes(ahead));
        await().atMost(WAIT).until(() -> outcomes(cmd, late.commandId()).equals(List.of(CommandOutcome.REJECTED))
                && outcomes(cmd, ahead.commandId()).equals(List.of(CommandOutcome.REJECTED)));
        CommandResult result = probe.on(Topics.commandResult(cmd), CommandResult.class).stream()
                .filter(r -> r.commandId().equals(late.commandId())).findFirst().orElseThrow();
        assertTrue(result.detail().startsWith("stale"), result.detail());
    }

    @Test
    void echoedCommandIsReportedUnsupported() throws Exception {
        CommandRequest deep = command(limited, CommandType.BATTERY_TEST_DEEP, null, null, null);
        probe.publish(Topics.command(limited), Json.toBytes(deep));
        await().atMost(WAIT).until(() -> outcomes(limited, deep.commandId()).equals(List.of(CommandOutcome.UNSUPPORTED)));
    }

    @Test
    void malformedCommandIsIgnoredAndTheNextOneStillWorks() throws Exception {
        probe.publish(Topics.command(cmd), "{not json".getBytes(StandardCharsets.UTF_8));
        probe.publish(Topics.command(cmd), "{\"v\":1,\"commandId\":\"x\",\"upsId\":\"other\",\"command\":\"CANCEL_TEST\",\"ts\":\"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8));
        CommandRequest cancelTest = command(cmd, CommandType.CANCEL_TEST, null, null, null);
        probe.publish(Topics.command(cmd), Json.toBytes(cancelTest));
        await().atMost(WAIT).until(() -> outcomes(cmd, cancelTest.commandId()).contains(CommandOutcome.DONE));
    }

    @Test
    void readingsProducedWhileTheBrokerIsUnreachableAreDeliveredLaterInOrder() throws Exception {
        await().atMost(WAIT).until(() -> probe.on(Topics.reading(main)).size() >= 2);
        long cutAt = System.currentTimeMillis();
        control(proxyUrl + "/cut");
        Thread.sleep(4000); // about 13 polls at 300 ms while the gateway cannot reach the broker
        long restoredAt = System.currentTimeMillis();
        control(proxyUrl + "/restore");
        await().atMost(Duration.ofSeconds(40)).until(() -> probe.on(Topics.reading(main), Reading.class).stream()
                .anyMatch(r -> r.ts().toEpochMilli() > restoredAt + 1000));
        List<Reading> readings = probe.on(Topics.reading(main), Reading.class);
        List<Reading> window = readings.stream()
                .filter(r -> r.ts().toEpochMilli() >= cutAt - 1000 && r.ts().toEpochMilli() <= restoredAt + 1000).toList();
        assertTrue(window.size() >= 12, "readings taken during the outage must arrive: got " + window.size());
        for (int i = 1; i < readings.size(); i++) {
            long gap = readings.get(i).ts().toEpochMilli() - readings.get(i - 1).ts().toEpochMilli();
            assertTrue(gap > 0, "readings arrive in the order they were taken");
            assertTrue(gap < 1500, "no reading lost: gap of " + gap + " ms at index " + i);
        }
    }
}
