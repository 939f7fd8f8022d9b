package io.upsfleet.system;

import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.SecuredBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, item 3: attacks on the broker configuration we ship (deploy/mosquitto/mosquitto.conf and acl, run
 * by {@link SecuredBroker} with only paths and ports rewritten). Mosquitto drops a publish its ACL refuses
 * without telling an MQTT 3.1.1 client, so each refused publish is checked by a privileged subscriber that sees
 * nothing of it, while a marker published right after by an allowed user does arrive (the subscriber was
 * listening, so "nothing" means refused, not late).
 */
class BusAttackTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static SecuredBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = SecuredBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.closeAndDelete();
        }
    }

    @Test
    void anAnonymousClientIsRefused() {
        MqttException refused = assertThrows(MqttException.class, () -> broker.connect(null, null).close());
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), refused.toString());
        MqttException wrong = assertThrows(MqttException.class, () -> broker.connect("monitor", "guess").close());
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, wrong.getReasonCode(), wrong.toString());
    }

    @Test
    void anAnonymousShutdownNeverReachesTheUpsBehindAGateway() throws Exception {
        String ups = "ups-3";
        String gatewayId = "gw-attack-" + SUFFIX;
        Path work = Files.createTempDirectory(PackagedService.repo().resolve("system-tests/target"), "attack-");
        try (MegatecSimulator simulator = new MegatecSimulator("127.0.0.1").startClock()) {
            SimulatedUps unit = new SimulatedUps(ups);
            Path fleet = work.resolve("fleet.csv");
            Files.writeString(fleet, ups + ",tcp://127.0.0.1:" + simulator.add(unit, 0) + "\n");
            Map<String, String> gw = new java.util.HashMap<>(broker.serviceProperties("gateway"));
            gw.putAll(Map.of("upsfleet.gateway.id", gatewayId, "upsfleet.gateway.fleet-file", fleet.toString(),
                    "upsfleet.gateway.defaults.poll-interval", "PT1S",
                    "upsfleet.gateway.mqtt.persistence-dir", work.resolve("gateway-mqtt").toString(),
                    "upsfleet.gateway.journal.dir", work.resolve("gateway-journal").toString()));
            try (PackagedService gateway = PackagedService.start(PackagedService.repo(), "device-gateway", gw, Map.of());
                 MqttClient watcher = broker.connect("mib-service")) {
                gateway.awaitReady(Duration.ofSeconds(90));
                List<String> results = new CopyOnWriteArrayList<>();
                watcher.subscribe(Topics.commandResult(ups), 1, (t, m) -> results.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
                byte[] shutdown = Json.toBytes(new CommandRequest(CommandRequest.VERSION, "evil-" + SUFFIX, ups,
                        CommandType.SHUTDOWN_RESTORE, null, 0.2, 1, "nobody", Instant.now()));

                // The attack of the issue: anonymous mosquitto_pub of the shutdown. Refused at CONNECT, nothing sent.
                assertThrows(MqttException.class, () -> {
                    try (MqttClient anonymous = broker.connect(null, null)) {
                        anonymous.publish(Topics.command(ups), shutdown, 1, false);
                    }
                });
                // A stolen monitor or gateway credential does not do it either (ACL drops the publish).
                for (String role : List.of("monitor", "gateway")) {
                    try (MqttClient intruder = broker.connect(role)) {
                        intruder.publish(Topics.command(ups), shutdown, 1, false);
                    }
                }
                Thread.sleep(3000); // the gateway would have executed it and answered within this
                assertFalse((Boolean) unit.snapshot().get("shutdownPending"), "the simulated UPS has no shutdown pending");
                assertTrue(results.stream().noneMatch(r -> r.contains("evil-" + SUFFIX)), "no result for the attack: " + results);
                assertFalse(gateway.logText().contains("evil-" + SUFFIX), "the gateway never saw it:\n" + gateway.tail());

                // The same command from web-api's credential is executed: the gateway was listening all along.
                try (MqttClient webApi = broker.connect("web-api")) {
                    byte[] allowed = Json.toBytes(new CommandRequest(CommandRequest.VERSION, "allowed-" + SUFFIX, ups,
                            CommandType.SHUTDOWN_RESTORE, null, 0.2, 1, "operator", Instant.now()));
                    webApi.publish(Topics.command(ups), allowed, 1, false);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) unit.snapshot().get("shutdownPending"));
            }
        }
    }

    /**
     * The other side of least privilege: each role can publish and read what its service does, through the
     * same shared subscriptions ($share/group/filter) the services use; an ACL too tight would leave a
     * service connected and deaf or mute, without any error.
     */
    @Test
    void everyRoleCanDoWhatItsServiceDoes() throws Exception {
        String ups = "allowed-" + SUFFIX;
        String[][] allowed = { // writer, topic, reader, subscription
            {"gateway", Topics.reading(ups), "mib-service", Topics.shared("mib", Topics.ALL_UPS)},
            {"gateway", Topics.status(ups), "web-api", Topics.ALL_STATUS},
            {"gateway", Topics.status(ups), "nut-server", Topics.ALL_STATUS},
            {"gateway", Topics.status(ups), "gateway", Topics.ALL_STATUS},
            {"gateway", Topics.alarm(ups), "alert-service", Topics.shared("alert", Topics.ALL_ALARMS)},
            {"gateway", Topics.alarm(ups), "web-api", Topics.ALL_ALARMS},
            {"gateway", Topics.identity(ups), "nut-server", Topics.ALL_IDENTITIES},
            {"gateway", Topics.commandResult(ups), "web-api", Topics.shared("web-api", Topics.ALL_COMMAND_RESULTS)},
            {"gateway", Topics.commandResult(ups), "nut-server", Topics.ALL_COMMAND_RESULTS},
            {"gateway", Topics.link(ups), "web-api", Topics.ALL_LINKS},
            {"gateway", Topics.link(ups), "mib-service", Topics.shared("mib", Topics.ALL_UPS)},
            {"gateway", Topics.gatewayAvailability("gw-" + SUFFIX), "monitor", Topics.ALL_GATEWAYS},
            {"web-api", Topics.command(ups), "gateway", Topics.ALL_COMMANDS},
            {"alert-service", Topics.command(ups), "gateway", Topics.ALL_COMMANDS},
            {"nut-server", Topics.command(ups), "gateway", Topics.ALL_COMMANDS},
            {"alert-service", Topics.hostShutdown(ups), "nut-server", Topics.ALL_HOST_SHUTDOWNS},
            {"nut-server", Topics.nutClients(ups, "nut-1"), "alert-service", Topics.ALL_NUT_CLIENTS},
            {"nut-server", Topics.nutClients(ups, "nut-1"), "web-api", Topics.ALL_NUT_CLIENTS},
            {"nut-server", Topics.nutClients(ups, "nut-1"), "nut-server", Topics.nutClientsOf("nut-1")},
        };
        for (String[] a : allowed) {
            try (MqttClient reader = broker.connect(a[2]); MqttClient writer = broker.connect(a[0])) {
                List<String> seen = new CopyOnWriteArrayList<>();
                // A client-wide callback: Paho does not match a $share/... filter to the topics it delivers.
                reader.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void messageArrived(String t, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                        seen.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
                    }

                    @Override
                    public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                    }
                });
                reader.subscribe(a[3], 1);
                String payload = "ok-" + UUID.randomUUID();
                writer.publish(a[1], payload.getBytes(StandardCharsets.UTF_8), 1, false);
                try {
                    await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(a[1] + " " + payload));
                } catch (RuntimeException e) {
                    throw new AssertionError(a[0] + " -> " + a[1] + " did not reach " + a[2] + " on " + a[3], e);
                }
            }
        }
    }

    @Test
    void aGatewayCredentialCannotCommandOrShutDownHosts() throws Exception {
        String ups = "gw-cred-" + SUFFIX;
        assertRefused("gateway", Topics.command(ups), "web-api");
        assertRefused("gateway", Topics.hostShutdown(ups), "alert-service");
    }

    @Test
    void aWebApiCredentialCannotFakeStatusAlarmsOrReadings() throws Exception {
        String ups = "web-cred-" + SUFFIX;
        assertRefused("web-api", Topics.status(ups), "gateway");
        assertRefused("web-api", Topics.alarm(ups), "gateway");
        assertRefused("web-api", Topics.reading(ups), "gateway");
    }

    @Test
    void theMonitorUserCanOnlyRead() throws Exception {
        String ups = "monitor-" + SUFFIX;
        for (String[] topicAndAllowedWriter : List.of(
                new String[] {Topics.status(ups), "gateway"}, new String[] {Topics.alarm(ups), "gateway"},
                new String[] {Topics.command(ups), "web-api"}, new String[] {Topics.hostShutdown(ups), "alert-service"},
                new String[] {Topics.gatewayAvailability("gw-" + SUFFIX), "gateway"})) {
            assertRefused("monitor", topicAndAllowedWriter[0], topicAndAllowedWriter[1]);
        }
        // ... and it does read (assertRefused's markers arrive through a monitor subscription too).
        try (MqttClient monitor = broker.connect("monitor"); MqttClient gateway = broker.connect("gateway")) {
            List<String> seen = new CopyOnWriteArrayList<>();
            monitor.subscribe("upsfleet/#", 1, (t, m) -> seen.add(t));
            gateway.publish(Topics.status(ups), "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(Topics.status(ups)));
        }
    }

    @Test
    void theTlsPortRefusesClientsThatDoNotTrustOurCaAndPlainTcp() throws Exception {
        // Trusting our CA, with a password: in.
        try (MqttClient ok = tlsClient(broker.caFile(), "monitor", broker.password("monitor"))) {
            assertTrue(ok.isConnected());
        }
        // Trusting another CA (a man in the middle's view: our broker is not who it should be): no connection.
        Path other = Files.createTempDirectory("upsfleet-other-ca-");
        Process p = new ProcessBuilder("bash", PackagedService.repo().resolve("scripts/make-certs.sh").toString(), other.toString())
                .redirectErrorStream(true).redirectOutput(other.resolve("log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, Files.readString(other.resolve("log")));
        MqttException untrusted = assertThrows(MqttException.class,
                () -> tlsClient(other.resolve("ca.crt"), "monitor", broker.password("monitor")).close());
        try (var files = Files.walk(other)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertTrue(io.upsfleet.mqtt.security.BrokerRefusal.ofTlsFailure(untrusted)
                .filter(r -> r == io.upsfleet.mqtt.security.BrokerRefusal.UNTRUSTED_CERTIFICATE).isPresent(), untrusted.toString());
        // Plain MQTT on the TLS port: no CONNACK ever.
        MqttClient plain = SecuredBroker.client("tcp://127.0.0.1:" + broker.tlsPort);
        MqttConnectOptions options = options("monitor", broker.password("monitor"));
        assertThrows(MqttException.class, () -> plain.connect(options));
        plain.close();
        // And TLS without a password is still anonymous: refused.
        MqttException anonymous = assertThrows(MqttException.class, () -> tlsClient(broker.caFile(), null, null).close());
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode(), anonymous.toString());
    }

    private static MqttClient tlsClient(Path ca, String user, String password) throws Exception {
        MqttClient client = SecuredBroker.client("ssl://localhost:" + broker.tlsPort);
        MqttConnectOptions options = options(user, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {io.upsfleet.mqtt.security.PemFiles.trustManager(ca)}, null);
        options.setSocketFactory(context.getSocketFactory());
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static MqttConnectOptions options(String user, String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    /**
     * {@code role} publishes to {@code topic}: a monitor subscribed to everything must not see it, while the
     * marker that {@code allowedWriter} publishes on the same topic right after does arrive.
     */
    private static void assertRefused(String role, String topic, String allowedWriter) throws Exception {
        try (MqttClient watcher = broker.connect("monitor")) {
            List<String> seen = new CopyOnWriteArrayList<>();
            watcher.subscribe("upsfleet/#", 1, (t, m) -> seen.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
            String attack = "attack-" + UUID.randomUUID();
            try (MqttClient intruder = broker.connect(role)) {
                intruder.publish(topic, attack.getBytes(StandardCharsets.UTF_8), 1, false);
            }
            String marker = "marker-" + UUID.randomUUID();
            try (MqttClient writer = broker.connect(allowedWriter)) {
                writer.publish(topic, marker.getBytes(StandardCharsets.UTF_8), 1, false);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(topic + " " + marker));
            assertFalse(seen.contains(topic + " " + attack), role + " published to " + topic + ": " + seen);
        }
    }
}
