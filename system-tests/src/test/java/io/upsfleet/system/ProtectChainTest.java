package io.upsfleet.system;

import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import io.upsfleet.testsupport.RetainedMessages;
import io.upsfleet.testsupport.Upsmon;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole protect chain with Debian's real upsmon as the protected host (issue 13, item 4), every service its
 * own packaged process: the simulated UPS loses mains and its battery drains to low; the gateway raises
 * ON_BATTERY and LOW_BATTERY; alert-service's protective sequence publishes its SHUTDOWN notice; nut-server puts
 * FSD in ups.status; upsmon (a secondary) runs its SHUTDOWNCMD and logs out; only then does alert-service send
 * SHUTDOWN_RESTORE, and the gateway writes S.2R0001 to the UPS (seen on the wire by a tap in front of the
 * simulator). With mains back while FSD is up and the host has not acted on it yet: FSD is withdrawn, the
 * host keeps running, and no command reaches the UPS.
 */
class ProtectChainTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String DATABASE = "upsfleet_test_protect_chain";
    private static final String DOWN = "pchain-down-" + SUFFIX;
    private static final String BACK = "pchain-back-" + SUFFIX;
    private static final String GATEWAY = "gw-pchain-" + SUFFIX;
    private static final String SERVER_ID = "nut-pchain-" + SUFFIX;
    private static final String MONITOR_PW = "pchain-monitor-" + UUID.randomUUID();
    /** Long, so that only the hosts' logouts can explain a command sent within seconds. */
    private static final Duration GRACE = Duration.ofSeconds(60);
    /** Long, so that upsmon shuts down on nut-server's FSD and not by itself on OB LB. */
    private static final int HOSTSYNC = 90;
    /** Battery low below 20 %: from 24 % a unit with this runtime at 30 % load is low after about 8 s on battery. */
    private static final double START_CHARGE = 0.24;
    private static final double FULL_LOAD_RUNTIME_SECONDS = 60;

    private static Infra infra;
    private static MegatecSimulator simulator;
    private static final Map<String, SimulatedUps> UNITS = new HashMap<>();
    private static final Map<String, MegatecTap> TAPS = new HashMap<>();
    private static PackagedService gateway;
    private static PackagedService nutServer;
    private static PackagedService alert;
    private static MqttClient listener;
    private static int nutPort;
    /** Per UPS: the nut-server time stamps of its client lists, and whether each was empty. */
    private static final Map<String, List<NutClients>> LISTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path repo = PackagedService.repo();
        infra = Infra.get();
        infra.recreateDatabase(DATABASE);
        try (InputStream sql = ProtectChainTest.class.getResourceAsStream("/db/migration/V1__fleet_core.sql");
             Connection c = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.dbUser, infra.dbPassword)) {
            c.createStatement().execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path work = repo.resolve("system-tests/target/protect-chain");
        Files.createDirectories(work);
        simulator = new MegatecSimulator("127.0.0.1").startClock();
        StringBuilder fleet = new StringBuilder();
        for (String id : List.of(DOWN, BACK)) {
            SimulatedUps unit = new SimulatedUps(id, true, 230.0, 50.0, 12, FULL_LOAD_RUNTIME_SECONDS, 600);
            unit.setCharge(START_CHARGE);
            MegatecTap tap = new MegatecTap(simulator.add(unit, 0));
            UNITS.put(id, unit);
            TAPS.put(id, tap);
            fleet.append(id).append(",tcp://127.0.0.1:").append(tap.port()).append('\n');
        }
        Path fleetFile = work.resolve("fleet.csv");
        Files.writeString(fleetFile, fleet);

        listener = new MqttClient(infra.mqttUri(), "pchain-listener-" + SUFFIX, new MemoryPersistence());
        listener.connect();
        for (String id : List.of(DOWN, BACK)) {
            LISTS.put(id, new java.util.concurrent.CopyOnWriteArrayList<>());
            listener.subscribe(Topics.nutClients(id, SERVER_ID), 1,
                    (t, m) -> LISTS.get(id).add(Json.parse(m.getPayload(), NutClients.class)));
        }

        Map<String, String> mqtt = Map.of("upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort));
        Map<String, String> gw = new HashMap<>(mqtt);
        gw.putAll(Map.of("upsfleet.gateway.id", GATEWAY, "upsfleet.gateway.fleet-file", fleetFile.toString(),
                "upsfleet.gateway.defaults.poll-interval", "PT1S",
                "upsfleet.gateway.mqtt.persistence-dir", work.resolve("gateway-mqtt").toString(),
                    "upsfleet.gateway.journal.dir", work.resolve("gateway-journal").toString()));
        nutPort = PackagedService.freePort();
        Map<String, String> nut = new HashMap<>(mqtt);
        nut.putAll(Map.of("upsfleet.nut.port", String.valueOf(nutPort), "upsfleet.nut.server-id", SERVER_ID));
        Map<String, String> al = infra.connectionProperties(DATABASE);
        al.put("upsfleet.alert.group", "pchain-" + SUFFIX);
        al.put("upsfleet.alert.mqtt.persistent-session", "false");
        al.put("upsfleet.alert.tick", "200ms");
        for (String id : List.of(DOWN, BACK)) {
            al.put("upsfleet.alert.protect." + id + ".enabled", "true");
            al.put("upsfleet.alert.protect." + id + ".grace", GRACE.toString());
            al.put("upsfleet.alert.protect." + id + ".shutdown-delay", "0.2");
            al.put("upsfleet.alert.protect." + id + ".restore-minutes", "1");
        }
        gateway = PackagedService.start(repo, "device-gateway", gw, Map.of());
        nutServer = PackagedService.start(repo, "nut-server", nut, Map.of("UPSFLEET_NUT_MONITOR_PASSWORD", MONITOR_PW));
        alert = PackagedService.start(repo, "alert-service", al, Map.of());
        gateway.awaitReady(Duration.ofSeconds(120));
        nutServer.awaitReady(Duration.ofSeconds(120));
        alert.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedService s : new PackagedService[] {alert, nutServer, gateway}) {
            if (s != null) {
                s.close();
            }
        }
        if (listener != null && listener.isConnected()) {
            listener.disconnect();
        }
        for (MegatecTap tap : TAPS.values()) {
            tap.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (infra != null) {
            List<String> retained = new ArrayList<>(List.of(Topics.gatewayAvailability(GATEWAY)));
            for (String id : List.of(DOWN, BACK)) {
                retained.addAll(List.of(Topics.status(id), Topics.identity(id), Topics.hostShutdown(id)));
            }
            RetainedMessages.clear(infra.mqttUri(), retained);
            MqttSessions.discard(infra.mqttUri(), "upsfleet-gateway-" + GATEWAY);
        }
    }

    @Test
    void onLowBatteryTheHostShutsDownAndLogsOutBeforeTheUpsIsToldToCutItsOutput() throws Exception {
        String target = DOWN + "@127.0.0.1:" + nutPort;
        awaitStatus(target, "OL");
        try (Upsmon host = Upsmon.secondary(DOWN, nutPort, "monitor", MONITOR_PW, HOSTSYNC)) {
            awaitLoggedIn(DOWN, host);

            Instant plugPulled = Instant.now();
            UNITS.get(DOWN).setMainsOk(false);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> TAPS.get(DOWN).firstCommand().isPresent());
            MegatecTap.Request command = TAPS.get(DOWN).firstCommand().orElseThrow();

            assertEquals("S.2R0001", command.line(), "the UPS is told to cut its output in 0.2 min and restore it 1 min after mains");
            Instant fired = host.shutdownFiredAt().orElseThrow(() -> new AssertionError(
                    "the command reached the UPS but upsmon's SHUTDOWNCMD never ran; upsmon:\n" + host.log()));
            Instant loggedOut = firstEmptyListAfter(DOWN, plugPulled).orElseThrow(() -> new AssertionError(
                    "the command reached the UPS while upsmon was still logged in: " + LISTS.get(DOWN)));
            assertTrue(fired.isBefore(loggedOut), "SHUTDOWNCMD ran (" + fired + ") before upsmon logged out (" + loggedOut + ")");
            assertTrue(loggedOut.isBefore(command.at()), "upsmon logged out (" + loggedOut + ") before S<n>R<m> reached the UPS ("
                    + command.at() + ")");
            assertTrue(host.log().contains("forced shutdown in progress"), "upsmon acted on FSD, not on OB LB by itself:\n" + host.log());
            assertTrue(Duration.between(plugPulled, command.at()).compareTo(GRACE) < 0,
                    "the command went out when the host had gone, not at the end of the grace");
            assertTrue(protectSteps(DOWN).stream().anyMatch(s -> s.startsWith("COMMAND_SENT") && s.contains("logged out before the grace ended")),
                    "alert-service says why it did not wait: " + protectSteps(DOWN));
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(UNITS.get(DOWN).snapshot().get("shutdownPending")));
        }
    }

    @Test
    void mainsBackBeforeTheHostActsWithdrawsFsdAndNothingIsShutDown() throws Exception {
        String target = BACK + "@127.0.0.1:" + nutPort;
        awaitStatus(target, "OL");
        try (Upsmon host = Upsmon.secondary(BACK, nutPort, "monitor", MONITOR_PW, HOSTSYNC)) {
            awaitLoggedIn(BACK, host);

            UNITS.get(BACK).setMainsOk(false);
            await().atMost(Duration.ofSeconds(15)).until(() -> host.log().contains("on battery"));
            // upsmon polls every POLLFREQALERT seconds: hold this host between two polls while the chain decides
            host.pause();
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                        .until(() -> upsc(target, "ups.status").startsWith("FSD"));
                UNITS.get(BACK).setMainsOk(true);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> upsc(target, "ups.status").equals("OL"));
            } finally {
                host.resume();
            }
            Thread.sleep(5000); // five upsmon polls of plain OL

            assertFalse(host.shutdownFired(), "the host was not shut down:\n" + host.log());
            assertTrue(host.alive(), "upsmon still runs");
            assertTrue(host.log().contains("on line power"), "upsmon saw mains back:\n" + host.log());
            assertEquals("1", upsc("-c", target).lines().count() + "", "the host is still logged in");
            assertEquals(Optional.empty(), TAPS.get(BACK).firstCommand(), "no command reached the UPS");
            List<String> steps = protectSteps(BACK);
            assertTrue(steps.stream().anyMatch(s -> s.startsWith("NOTICE_SHUTDOWN")), "the sequence had started: " + steps);
            assertTrue(steps.stream().anyMatch(s -> s.startsWith("CANCELLED")), "and was cancelled: " + steps);
            assertTrue(steps.stream().noneMatch(s -> s.startsWith("COMMAND_SENT")), "no command: " + steps);
        }
    }

    private static void awaitStatus(String target, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> upsc(target, "ups.status").equals(status));
    }

    /** upsmon is logged in, and alert-service has had the time to see the list that says so. */
    private static void awaitLoggedIn(String ups, Upsmon host) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> LISTS.get(ups).stream().anyMatch(l -> l.clients().size() == 1));
        Thread.sleep(1000);
    }

    /** The nut-server time of the first list of {@code ups} without clients published after {@code after}. */
    private static Optional<Instant> firstEmptyListAfter(String ups, Instant after) {
        return LISTS.get(ups).stream().filter(l -> l.clients().isEmpty() && l.ts().isAfter(after)).map(NutClients::ts).findFirst();
    }

    /** "STEP detail" of each protect_event of {@code ups}, oldest first. */
    private static List<String> protectSteps(String ups) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.dbUser, infra.dbPassword);
             var st = c.prepareStatement("SELECT step, detail FROM protect_event WHERE ups_id = ? ORDER BY id")) {
            st.setString(1, ups);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return steps;
    }

    /** Debian's upsc, stdout trimmed; an empty private NUT_CONFPATH, so /etc/nut is not read. */
    private static String upsc(String... args) throws Exception {
        Path dir = Files.createTempDirectory("upsc");
        List<String> cmd = new ArrayList<>(List.of("upsc"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("NUT_CONFPATH", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return Files.readString(dir.resolve("out"), StandardCharsets.UTF_8).trim();
    }
}
