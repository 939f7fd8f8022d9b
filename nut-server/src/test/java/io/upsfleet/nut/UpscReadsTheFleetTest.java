package io.upsfleet.nut;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.support.Bus;
import io.upsfleet.nut.support.NutPortResource;
import io.upsfleet.nut.support.NutTools;
import io.upsfleet.nut.support.RawNut;
import io.upsfleet.testsupport.PoisonMessages;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's upsc reads what a gateway published: the fleet list, every variable, single values, and DATA-STALE
 * for a unit whose comm is lost or whose readings stopped. Bad messages on the bus are counted and never stop
 * the good ones behind them.
 */
@QuarkusTest
@QuarkusTestResource(value = NutPortResource.class, restrictToAnnotatedClass = true)
class UpscReadsTheFleetTest {

    private static final String ONLINE = Bus.unit("nut-read");
    private static final String ON_BATTERY = Bus.unit("nut-ob");
    private static Bus bus;

    @ConfigProperty(name = "upsfleet.nut.port")
    int port;

    @ConfigProperty(name = "upsfleet.nut.stale-after")
    Duration staleAfter;

    @Inject
    NutMetrics metrics;

    @BeforeAll
    static void connect() {
        bus = new Bus();
    }

    /** Fresh readings for every test (a unit without one for stale-after is stale). */
    @BeforeEach
    void publish() {
        bus.online(ONLINE, "00001001", 230.1);
        bus.online(ON_BATTERY, "11001000", 229.0);
    }

    @AfterAll
    static void clear() {
        bus.close();
    }

    private String host() {
        return "127.0.0.1:" + port;
    }

    private Map<String, String> upsc(String ups) {
        NutTools.Run run = NutTools.upsc(ups + "@" + host());
        assertEquals(0, run.exit(), run.all());
        Map<String, String> vars = new HashMap<>();
        for (String line : run.out().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                vars.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return vars;
    }

    @Test
    void upscListsTheFleetAndItsValuesAgreeWithWhatWasPublished() {
        await().atMost(Duration.ofSeconds(10)).until(() -> NutTools.upsc("-l", host()).out().contains(ON_BATTERY));
        assertTrue(NutTools.upsc("-l", host()).out().contains(ONLINE + "\n"));
        NutTools.Run described = NutTools.upsc("-L", host());
        assertTrue(described.out().contains(ONLINE + ": UPSFLEET-SIM MEGA-24V"), described.all());

        Map<String, String> v = upsc(ONLINE);
        assertEquals("OL", v.get("ups.status"));
        assertEquals("229.8", v.get("input.voltage"));
        assertEquals("140.0", v.get("input.voltage.fault"));
        assertEquals("230.1", v.get("output.voltage"));
        assertEquals("50.0", v.get("input.frequency"));
        assertEquals("2.27", v.get("battery.voltage"));
        assertEquals("24.0", v.get("battery.voltage.nominal"));
        assertEquals("97", v.get("battery.charge"));
        assertEquals("2000", v.get("battery.runtime"));
        assertEquals("30", v.get("ups.load"));
        assertEquals("28.0", v.get("ups.temperature"));
        assertEquals("enabled", v.get("ups.beeper.status"));
        assertEquals("UPSFLEET-SIM", v.get("device.mfr"));
        assertEquals("MEGA-24V", v.get("device.model"));
        assertEquals("SIM-1.0", v.get("ups.firmware"));
        assertEquals("230.0", v.get("input.voltage.nominal"));
        assertEquals("4.0", v.get("input.current.nominal"));
        assertEquals("50.0", v.get("input.frequency.nominal"));
        assertEquals(ONLINE, v.get("ups.id"));
        assertEquals("ups", v.get("device.type"));
        assertEquals("upsfleet", v.get("driver.name"));

        assertEquals("OB LB", upsc(ON_BATTERY).get("ups.status"));
        assertEquals("disabled", upsc(ON_BATTERY).get("ups.beeper.status"));
        NutTools.Run one = NutTools.upsc(ONLINE + "@" + host(), "output.voltage");
        assertEquals("230.1\n", one.out(), one.all());
    }

    @Test
    void unknownUpsAndVariableGetNutsErrors() {
        await().atMost(Duration.ofSeconds(10)).until(() -> NutTools.upsc("-l", host()).out().contains(ONLINE));
        NutTools.Run unknown = NutTools.upsc("no-such-ups@" + host());
        assertTrue(unknown.err().contains("Unknown UPS"), unknown.all());
        NutTools.Run var = NutTools.upsc(ONLINE + "@" + host(), "no.such.var");
        assertTrue(var.err().contains("Variable not supported by UPS"), var.all());
    }

    @Test
    void aCommLostUnitIsStaleForUpscAndComesBackWithItsReadings() {
        String unit = Bus.unit("nut-lost");
        try (Bus gateway = new Bus()) {
            gateway.online(unit, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> upsc(unit).containsKey("ups.status"));
            Instant now = Instant.now();
            gateway.publishRetained(Topics.status(unit), new UpsStatus(1, unit, Bus.GATEWAY, now, UpsStatus.CommState.LOST,
                    "00001000", null, now.minusSeconds(10)));
            await().atMost(Duration.ofSeconds(10)).until(() -> NutTools.upsc(unit + "@" + host()).err().contains("Data stale"));
            gateway.online(unit, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> "OL".equals(upsc(unit).get("ups.status")));
        }
    }

    @Test
    void aUnitWhoseReadingsStoppedIsStaleAfterTheConfiguredAge() {
        String unit = Bus.unit("nut-quiet");
        try (Bus gateway = new Bus()) {
            gateway.online(unit, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> upsc(unit).containsKey("ups.status"));
            Instant fresh = Instant.now();
            await().atMost(staleAfter.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> NutTools.upsc(unit + "@" + host()).err().contains("Data stale"));
            assertTrue(Duration.between(fresh, Instant.now()).compareTo(staleAfter.minusSeconds(1)) >= 0,
                    "not stale before its age: " + Duration.between(fresh, Instant.now()));
        }
    }

    @Test
    void badMessagesAreLoggedOnceAndCountedAndTheGoodOnesBehindThemStillArrive() throws Exception {
        String unit = Bus.unit("nut-poison");
        try (Bus gateway = new Bus()) {
            long before = metrics.get("upsfleet.nut.mqtt.invalid", "reading") + metrics.get("upsfleet.nut.mqtt.invalid", "status");
            gateway.publishRaw(Topics.reading(unit), "{\"v\":1,\"upsId\":\"" + unit + "\",\"flags\":\"0000\u0000000\"}", false);
            gateway.publishRaw(Topics.reading(unit), "not json at all", false);
            gateway.publish(Topics.reading(unit), Bus.reading("someone-else", "00001000", 230.0, Instant.now()));
            gateway.publishRaw(Topics.status(unit), "{\"v\":2}", true);
            gateway.online(unit, "00001000", 231.5);
            await().atMost(Duration.ofSeconds(10)).until(() -> "231.5".equals(upsc(unit).get("output.voltage")));
            // the log says it once per message (other runs on the shared broker may add to the counters)
            await().atMost(Duration.ofSeconds(5)).until(() -> refusals(Topics.reading(unit)) == 3 && refusals(Topics.status(unit)) == 1);
            assertTrue(log().contains("upsId 'someone-else' does not match the topic's UPS id '" + unit + "'"));
            assertFalse(log().contains("\u0000"), "no raw control character reaches the log");
            assertTrue(metrics.get("upsfleet.nut.mqtt.invalid", "reading") + metrics.get("upsfleet.nut.mqtt.invalid", "status") - before >= 4);
        }
    }

    @Test
    void aMessageFromAClockYearsAheadIsRefusedAndTheRealOnesBehindItStillShow() {
        String unit = Bus.unit("nut-clock");
        try (Bus gateway = new Bus()) {
            Instant ahead = Instant.now().plus(Duration.ofDays(4 * 365));
            gateway.publishRetained(Topics.status(unit), new UpsStatus(1, unit, Bus.GATEWAY, ahead, UpsStatus.CommState.OK,
                    "00001000", null, ahead));
            gateway.publish(Topics.reading(unit), Bus.reading(unit, "00001000", 111.1, ahead));
            gateway.online(unit, "10001000", 229.5);
            await().atMost(Duration.ofSeconds(10)).until(() -> "229.5".equals(upsc(unit).get("output.voltage")));
            assertEquals("OB", upsc(unit).get("ups.status"), "the real status, not the one from the future");
            await().atMost(Duration.ofSeconds(5)).until(() -> refusals(Topics.reading(unit)) == 1 && refusals(Topics.status(unit)) == 1);
            assertTrue(log().contains("s ahead of this service's clock"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Seeded streams of valid and poison readings and alarm edges, each on its own UPS (see
     * {@link PoisonMessages}): exactly the UPS units of valid readings are served, every poison message is
     * refused exactly once (one log line on its topic), and the service stays ready.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void everyValidBusMessageIsTakenAndEveryPoisonOneRefusedOnce(long seed) throws Exception {
        String run = Bus.unit("fz");
        List<PoisonMessages.Message> messages = new ArrayList<>(PoisonMessages.readings(seed, run + "r", 60));
        messages.addAll(PoisonMessages.alarms(seed, run + "a", 30));
        Collections.shuffle(messages, new Random(seed));
        try (Bus gateway = new Bus(); RawNut nut = new RawNut(port)) {
            for (PoisonMessages.Message m : messages) {
                gateway.publish(m.topic(), m.payload(), false);
            }
            // a UPS is served once it has a reading or status (an alarm edge alone does not make one)
            Set<String> valid = messages.stream().filter(m -> m.valid() && m.topic().endsWith("/reading"))
                    .map(PoisonMessages.Message::upsId).collect(Collectors.toCollection(TreeSet::new));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(valid, served(nut, run + "r"),
                    "exactly the UPS units of valid readings are served"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(), messages.stream()
                    .filter(m -> refused(m) != (m.valid() ? 0 : 1)).map(m -> m + ": refused " + refused(m) + " times").toList()));
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static Set<String> served(RawNut nut, String prefix) {
        return nut.list("LIST UPS").stream().filter(l -> l.startsWith("UPS " + prefix))
                .map(l -> l.split(" ")[1]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static long refused(PoisonMessages.Message m) {
        try {
            return refusals(m.topic());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String log() throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("target/nut-server-test.log"));
    }

    private static long refusals(String topic) throws java.io.IOException {
        return log().lines().filter(l -> l.contains("ignoring an invalid message on " + topic + ":")).count();
    }

    @Test
    void openAlarmsShowAsNutStatusTokens() {
        String unit = Bus.unit("nut-alarm");
        try (Bus gateway = new Bus(); RawNut nut = new RawNut(port)) {
            gateway.online(unit, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> upsc(unit).containsKey("ups.status"));
            gateway.publish(Topics.alarm(unit), new AlarmEvent(1, "e-" + unit, unit, Bus.GATEWAY, Instant.now(),
                    AlarmType.REPLACE_BATTERY, AlarmEvent.AlarmState.RAISED, null, "battery weak"));
            await().atMost(Duration.ofSeconds(10)).until(() -> nut.ask("GET VAR " + unit + " ups.status").equals(
                    "VAR " + unit + " ups.status \"OL RB\""));
            gateway.publish(Topics.alarm(unit), new AlarmEvent(1, "e2-" + unit, unit, Bus.GATEWAY, Instant.now(),
                    AlarmType.REPLACE_BATTERY, AlarmEvent.AlarmState.CLEARED, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> nut.ask("GET VAR " + unit + " ups.status").equals(
                    "VAR " + unit + " ups.status \"OL\""));
        }
    }

    @Test
    void healthSaysTheListenerIsUpAndMetricsCountWhatWasServed() {
        await().atMost(Duration.ofSeconds(10)).until(() -> NutTools.upsc(ONLINE + "@" + host(), "ups.status").exit() == 0);
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("nut-listener"));
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("upsfleet_nut_connections_active", "upsfleet_nut_connections_opened_total",
                "upsfleet_nut_requests_total", "upsfleet_nut_mqtt_received_total{kind=\"reading\"}", "upsfleet_nut_units",
                "upsfleet_nut_logins")) {
            assertTrue(metrics.contains(name), name + " in " + metrics);
        }
    }
}
