package io.upsfleet.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.SecuredBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 1: every service logs in to the broker we ship (deploy/mosquitto, a private Mosquitto) with
 * the credential of its role, over TLS trusting our CA, as packaged JVMs; a wrong password or a broker
 * certificate from a CA the service does not trust makes its readiness DOWN, naming the cause.
 */
class BrokerLoginTest {

    private static final String DATABASE = "upsfleet_test_login";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String UPS = "login-" + SUFFIX;
    private static final String OPERATOR_PW = "login-operator-" + UUID.randomUUID();
    private static final String ALERT_API_PW = "login-alert-api-" + UUID.randomUUID();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static SecuredBroker broker;
    private static MegatecSimulator simulator;
    private static Path work;
    private static Path fleetFile;

    @BeforeAll
    static void start() throws Exception {
        Infra.get().recreateDatabase(DATABASE);
        broker = SecuredBroker.start();
        simulator = new MegatecSimulator("127.0.0.1").startClock();
        work = Files.createTempDirectory(PackagedService.repo().resolve("system-tests/target"), "login-");
        fleetFile = work.resolve("fleet.csv");
        Files.writeString(fleetFile, UPS + ",tcp://127.0.0.1:" + simulator.add(new SimulatedUps(UPS), 0) + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
        if (broker != null) {
            broker.closeAndDelete();
        }
    }

    private static Map<String, String> settings(String role) {
        Map<String, String> p = new HashMap<>(Infra.get().connectionProperties(DATABASE));
        p.putAll(broker.serviceProperties(role));
        return p;
    }

    private static PackagedService gateway(Map<String, String> p) throws IOException {
        p.put("upsfleet.gateway.id", "gw-login-" + SUFFIX);
        p.put("upsfleet.gateway.fleet-file", fleetFile.toString());
        p.put("upsfleet.gateway.defaults.poll-interval", "PT1S");
        p.put("upsfleet.gateway.mqtt.persistence-dir", work.resolve("gateway-mqtt").toString());
        p.put("upsfleet.gateway.journal.dir", work.resolve("gateway-journal").toString());
        p.put("upsfleet.gateway.mqtt.restore-timeout", "PT1S");
        return PackagedService.start(PackagedService.repo(), "device-gateway", p, Map.of());
    }

    private static PackagedService nutServer(Map<String, String> p) throws IOException {
        // Held while the service's HTTP port is chosen, so the two are never the same free port.
        try (ServerSocket nutPort = new ServerSocket(0)) {
            p.put("upsfleet.nut.port", String.valueOf(nutPort.getLocalPort()));
            p.put("upsfleet.nut.server-id", "nut-login-" + SUFFIX);
            return PackagedService.start(PackagedService.repo(), "nut-server", p, Map.of("UPSFLEET_NUT_ADMIN_PASSWORD", "login-nut-admin"));
        }
    }

    @Test
    void everyServiceLogsInWithItsOwnRoleOverTlsAndTheChainWorks() throws Exception {
        List<PackagedService> services = new ArrayList<>();
        try (MqttClient monitor = broker.connect("monitor")) {
            List<String> statusSeen = new CopyOnWriteArrayList<>();
            monitor.subscribe(Topics.status(UPS), 1, (t, m) -> statusSeen.add(t));
            List<String> identitySeen = new CopyOnWriteArrayList<>();
            monitor.subscribe(Topics.identity(UPS), 1, (t, m) -> identitySeen.add(t));
            // One after the other, each ready (its ports bound) before the next picks free ports.
            ready(services, PackagedService.start(PackagedService.repo(), "mib-service", settings("mib-service"), Map.of()));
            ready(services, gateway(settings("gateway")));
            PackagedService alerts = ready(services, PackagedService.start(PackagedService.repo(), "alert-service", settings("alert-service"),
                    Map.of("UPSFLEET_ALERT_API_PASSWORD", ALERT_API_PW)));
            Map<String, String> web = settings("web-api");
            web.put("upsfleet.alerts.url", alerts.url());
            PackagedService webApi = PackagedService.start(PackagedService.repo(), "web-api", web,
                    Map.of("UPSFLEET_OPERATOR_PASSWORD", OPERATOR_PW, "UPSFLEET_VIEWER_PASSWORD", "login-viewer-" + SUFFIX,
                            "UPSFLEET_ALERT_API_PASSWORD", ALERT_API_PW));
            ready(services, webApi);
            ready(services, nutServer(settings("nut-server")));
            for (PackagedService service : services) {
                assertFalse(readiness(service).body().contains("refused"), service.name + ": " + readiness(service).body());
                assertTrue(service.logText().contains("user " + role(service)) && service.logText().contains("TLS trusting"),
                        service.name + " says how it logs in:\n" + service.tail());
            }
            // The gateway's status reaches a reader over the broker; a command goes web-api -> gateway -> UPS and
            // its result comes back: each hop is a publish or a subscription the role's ACL must allow.
            await().atMost(Duration.ofSeconds(20)).until(() -> !statusSeen.isEmpty() && !identitySeen.isEmpty());
            boolean beeperBefore = simulator.unit(UPS).beeperOn();
            HttpResponse<String> accepted = operator(webApi, "POST", "/api/ups/" + UPS + "/commands", "{\"command\":\"BEEPER_TOGGLE\"}");
            assertEquals(202, accepted.statusCode(), accepted.body());
            String commandId = Json.mapper().readTree(accepted.body()).path("commandId").asText();
            AtomicReference<JsonNode> command = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                command.set(Json.mapper().readTree(operator(webApi, "GET", "/api/commands/" + commandId, null).body()));
                return command.get().path("finished").asBoolean();
            });
            assertEquals("DONE", command.get().path("status").asText(), command.get().toString());
            assertEquals(!beeperBefore, simulator.unit(UPS).beeperOn(), "the simulated UPS's beeper really toggled");
        } finally {
            for (PackagedService service : services) {
                service.close();
            }
        }
    }

    @Test
    void aWrongPasswordMakesReadinessDownNamingTheRefusal() throws Exception {
        Map<String, String> gw = settings("gateway");
        gw.put("upsfleet.mqtt.password", "not-" + broker.password("gateway"));
        Map<String, String> mib = settings("mib-service");
        mib.put("upsfleet.mqtt.password", "not-" + broker.password("mib-service"));
        try (PackagedService gateway = gateway(gw);
             PackagedService store = PackagedService.start(PackagedService.repo(), "mib-service", mib, Map.of())) {
            for (PackagedService service : List.of(gateway, store)) {
                awaitRefusal(service, "not authorised");
            }
        }
    }

    @Test
    void aBrokerCertificateFromAnotherCaMakesReadinessDownNamingTheRefusal() throws Exception {
        Path otherCa = work.resolve("other-ca");
        Process p = new ProcessBuilder("bash", PackagedService.repo().resolve("scripts/make-certs.sh").toString(), otherCa.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("other-ca.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, Files.readString(work.resolve("other-ca.log")));
        Map<String, String> gw = settings("gateway");
        gw.put("upsfleet.mqtt.ca-file", otherCa.resolve("ca.crt").toString());
        Map<String, String> nut = settings("nut-server");
        nut.put("upsfleet.mqtt.ca-file", otherCa.resolve("ca.crt").toString());
        try (PackagedService gateway = gateway(gw); PackagedService server = nutServer(nut)) {
            for (PackagedService service : List.of(gateway, server)) {
                awaitRefusal(service, "certificate is not trusted");
            }
        }
    }

    /** Adds the service to those stopped at the end, then waits until it is ready. */
    private static PackagedService ready(List<PackagedService> services, PackagedService service) throws InterruptedException {
        services.add(service);
        service.awaitReady(Duration.ofSeconds(120));
        return service;
    }

    private static void awaitRefusal(PackagedService service, String cause) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                last.set(readiness(service)); // refused connections while the service starts are ignored
                return last.get().statusCode() == 503 && last.get().body().contains(cause);
            });
        } catch (RuntimeException e) {
            throw new AssertionError(service.name + " readiness never named '" + cause + "': "
                    + (last.get() == null ? "no answer" : last.get().body()) + "\n" + service.tail(), e);
        }
        // Not a passing moment: it stays so while the broker refuses.
        HttpResponse<String> again = readinessUnchecked(service);
        assertEquals(503, again.statusCode(), again.body());
    }

    private static String role(PackagedService service) {
        return service.name.equals("device-gateway") ? "gateway" : service.name;
    }

    private static HttpResponse<String> readiness(PackagedService service) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> readinessUnchecked(PackagedService service) {
        try {
            return readiness(service);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> operator(PackagedService webApi, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webApi.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("operator:" + OPERATOR_PW).getBytes(StandardCharsets.UTF_8)));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
