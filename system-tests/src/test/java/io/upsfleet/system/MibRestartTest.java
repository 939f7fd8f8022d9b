package io.upsfleet.system;

import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mib-service crashes (SIGKILL) in the middle of a stream of readings and comes back: every reading
 * published before, during and after its absence is stored exactly once. This is what the persistent
 * MQTT session (and the reconnect after the ingest pipeline subscribed) is for; with a clean session the
 * broker drops everything published while the service is away.
 */
class MibRestartTest {

    private static final String DATABASE = "upsfleet_test_restart";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLIENT_ID = "mib-restart-" + SUFFIX;
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    private static Infra infra;
    private static PackagedService mib;
    private static MqttClient publisher;

    @BeforeAll
    static void start() throws Exception {
        Path repo = PackagedService.repo();
        infra = Infra.get();
        infra.recreateDatabase(DATABASE);
        Map<String, String> properties = infra.connectionProperties(DATABASE);
        properties.put("upsfleet.mib.group", "mib-restart-" + SUFFIX);
        properties.put("upsfleet.mib.mqtt.client-id", CLIENT_ID);
        mib = PackagedService.start(repo, "mib-service", properties, Map.of());
        mib.awaitReady(Duration.ofSeconds(90));
        publisher = new MqttClient(infra.mqttUri(), "restart-pub-" + SUFFIX, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        publisher.connect(options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (publisher != null && publisher.isConnected()) {
            publisher.disconnect();
        }
        if (mib != null) {
            mib.close();
        }
        MqttSessions.discard(infra.mqttUri(), CLIENT_ID);
    }

    @Test
    void readingsPublishedWhileMibServiceIsDownAreStoredWhenItIsBack() throws Exception {
        publish(0, 200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> storedReadings() == 200);

        publish(200, 300);   // some of these are still in flight or unacknowledged when the process dies
        mib.kill();
        publish(300, 600);   // the service is away: the broker must keep these for its session
        mib = mib.restart();
        mib.awaitReady(Duration.ofSeconds(90));
        publish(600, 700);   // and it is back

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> storedReadings() >= 700);
        Thread.sleep(1000);  // anything redelivered twice would have arrived by now
        assertEquals(700, storedReadings(), "every published reading stored exactly once");
        assertTrue(mib.logText().contains("so the broker redelivers"), "the restarted service resumed its session:\n" + mib.tail());
    }

    private static void publish(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String upsId = "rs-" + SUFFIX + "-" + (i % 5);
            Reading r = new Reading(Reading.VERSION, upsId, "gw-restart", BASE.plusSeconds(i), 230.0, 230.0, 229.0, 21,
                    50.0, 27.1, 25.0, "00001001", null, 100.0, 1800);
            MqttMessage m = new MqttMessage(Json.toBytes(r));
            m.setQos(1);
            publisher.publish(Topics.reading(upsId), m);
        }
    }

    private static long storedReadings() throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.dbUser, infra.dbPassword);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM reading WHERE ups_id LIKE 'rs-" + SUFFIX + "-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
