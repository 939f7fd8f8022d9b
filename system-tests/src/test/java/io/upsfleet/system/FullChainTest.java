package io.upsfleet.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.upsfleet.contracts.Json;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.RetainedMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system as a user runs it, every service its own JVM from its packaged build:
 * simulator -> device-gateway -> Mosquitto -> mib-service -> PostgreSQL -> web-api JSON, plus a command
 * back down the chain and the alarm reaching alert-service, whose alert operators see through web-api.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullChainTest {

    private static final String DATABASE = "upsfleet_test_e2e";
    private static final String VIEWER_PW = "e2e-viewer-" + UUID.randomUUID();
    private static final String OPERATOR_PW = "e2e-operator-" + UUID.randomUUID();
    private static final String ALERT_API_PW = "e2e-alert-api-" + UUID.randomUUID();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> UNITS = List.of("e2e-" + SUFFIX + "-1", "e2e-" + SUFFIX + "-2", "e2e-" + SUFFIX + "-3");

    private static MegatecSimulator simulator;
    private static final List<PackagedService> services = new ArrayList<>();
    private static PackagedService webApi;
    private static PackagedService alerts;
    private static Instant systemReadyAt;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheSystem() throws Exception {
        Path repo = PackagedService.repo();
        Infra infra = Infra.get();
        infra.recreateDatabase(DATABASE);

        simulator = new MegatecSimulator("127.0.0.1").startClock();
        StringBuilder fleet = new StringBuilder("# written by FullChainTest\n");
        for (String id : UNITS) {
            fleet.append(id).append(",tcp://127.0.0.1:").append(simulator.add(new SimulatedUps(id), 0)).append('\n');
        }
        Path work = repo.resolve("system-tests/target/e2e");
        Files.createDirectories(work);
        Path fleetFile = work.resolve("fleet.csv");
        Files.writeString(fleetFile, fleet.toString());

        Map<String, String> common = infra.connectionProperties(DATABASE);
        // Own shared-subscription groups, so a system running on the same broker never takes our messages.
        Map<String, String> mib = new HashMap<>(common);
        mib.put("upsfleet.mib.group", "mib-e2e-" + SUFFIX);
        mib.put("upsfleet.mib.mqtt.client-id", "mib-e2e-" + SUFFIX);
        services.add(PackagedService.start(repo, "mib-service", mib, Map.of()));

        Map<String, String> gateway = new HashMap<>(common);
        gateway.put("upsfleet.gateway.id", "gw-e2e-" + SUFFIX);
        gateway.put("upsfleet.gateway.fleet-file", fleetFile.toString());
        gateway.put("upsfleet.gateway.defaults.poll-interval", "PT1S");
        gateway.put("upsfleet.gateway.mqtt.persistence-dir", work.resolve("gateway-mqtt").toString());
        gateway.put("upsfleet.gateway.journal.dir", work.resolve("gateway-journal").toString());
        services.add(PackagedService.start(repo, "device-gateway", gateway, Map.of()));

        // alert-service first: web-api is pointed at its port and both share the API password
        Map<String, String> alert = new HashMap<>(common);
        alert.put("upsfleet.alert.group", "alert-e2e-" + SUFFIX);
        alert.put("upsfleet.alert.mqtt.client-id", "alert-e2e-" + SUFFIX);
        alerts = PackagedService.start(repo, "alert-service", alert, Map.of("UPSFLEET_ALERT_API_PASSWORD", ALERT_API_PW));
        services.add(alerts);

        Map<String, String> web = new HashMap<>(common);
        web.put("upsfleet.commands.result-group", "web-e2e-" + SUFFIX);
        web.put("upsfleet.alerts.url", alerts.url());
        webApi = PackagedService.start(repo, "web-api", web, Map.of("UPSFLEET_VIEWER_PASSWORD", VIEWER_PW,
                "UPSFLEET_OPERATOR_PASSWORD", OPERATOR_PW, "UPSFLEET_ALERT_API_PASSWORD", ALERT_API_PW));
        services.add(webApi);

        for (PackagedService service : services) {
            service.awaitReady(Duration.ofSeconds(90));
        }
        systemReadyAt = Instant.now();
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        for (PackagedService service : services) {
            service.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        List<String> retained = new ArrayList<>(List.of(Topics.gatewayAvailability("gw-e2e-" + SUFFIX)));
        UNITS.forEach(id -> retained.addAll(List.of(Topics.status(id), Topics.identity(id))));
        RetainedMessages.clear(Infra.get().mqttUri(), retained);
        for (String session : List.of("mib-e2e-" + SUFFIX, "alert-e2e-" + SUFFIX, "upsfleet-gateway-gw-e2e-" + SUFFIX)) {
            MqttSessions.discard(Infra.get().mqttUri(), session);
        }
    }

    private static HttpResponse<String> call(String method, String path, String user, String password, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webApi.port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, "viewer", VIEWER_PW, null);
        assertEquals(200, r.statusCode(), path + " -> " + r.body());
        return Json.mapper().readTree(r.body());
    }

    private static JsonNode unit(JsonNode fleet, String id) {
        for (JsonNode ups : fleet) {
            if (id.equals(ups.path("id").asText())) {
                return ups;
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void fleetWithFreshReadingsIsServedWithin15Seconds() throws Exception {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode fleet = getJson("/api/ups?limit=1000");
            for (String id : UNITS) {
                JsonNode ups = unit(fleet, id);
                if (ups == null || ups.path("lastReadingTs").isMissingNode() || ups.path("lastReadingTs").isNull()) {
                    return false;
                }
            }
            return true;
        });
        JsonNode one = getJson("/api/ups/" + UNITS.get(0));
        Instant last = Instant.parse(one.path("lastReadingTs").asText());
        assertTrue(Duration.between(last, Instant.now()).toSeconds() < 10, "reading is fresh: " + last);
        assertTrue(one.path("inputVoltage").asDouble() > 200, one.toString());
        assertTrue(one.path("batteryCharge").isNumber(), "derived charge present: " + one);
        assertEquals("OL", one.path("status").get(0).asText(), one.toString());
        assertEquals("UPSFLEET-SIM", one.path("identity").path("manufacturer").asText(), one.toString());
        System.out.printf("fleet visible %d ms after all services were ready%n",
                Duration.between(systemReadyAt, Instant.now()).toMillis());
    }

    @Test
    @Order(2)
    void mainsFailureShowsInTheApiAndReachesAlertService() throws Exception {
        String id = UNITS.get(1);
        simulator.unit(id).setMainsOk(false);
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> getJson("/api/ups/" + id).path("status").toString().contains("OB"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> alerts.logText().contains(id) && alerts.logText().contains("ON_BATTERY"));
            // operators see alert-service's alert through web-api (REST between the two, API password on both)
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> getJson("/api/alerts?state=all&upsId=" + id).toString().contains("ON_BATTERY"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> getJson("/api/ups/" + id + "/events").toString().contains("ON_BATTERY"));
        } finally {
            simulator.unit(id).setMainsOk(true);
        }
    }

    @Test
    @Order(3)
    void beeperToggleTravelsToTheUpsAndItsOutcomeComesBack() throws Exception {
        String id = UNITS.get(2);
        boolean beeperBefore = simulator.unit(id).beeperOn();
        HttpResponse<String> viewerTry = call("POST", "/api/ups/" + id + "/commands", "viewer", VIEWER_PW, "{\"command\":\"BEEPER_TOGGLE\"}");
        assertEquals(403, viewerTry.statusCode(), "viewers may not send commands: " + viewerTry.body());

        HttpResponse<String> accepted = call("POST", "/api/ups/" + id + "/commands", "operator", OPERATOR_PW, "{\"command\":\"BEEPER_TOGGLE\"}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String commandId = Json.mapper().readTree(accepted.body()).path("commandId").asText();
        assertNotNull(commandId);
        AtomicReference<JsonNode> command = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            command.set(getJson("/api/commands/" + commandId));
            return command.get().path("finished").asBoolean();
        });
        assertEquals("DONE", command.get().path("status").asText(), command.get().toString());
        assertEquals("operator", command.get().path("requestedBy").asText(), "audited with the user who asked");
        assertEquals(!beeperBefore, simulator.unit(id).beeperOn(), "the simulated UPS's beeper really toggled");
    }
}
