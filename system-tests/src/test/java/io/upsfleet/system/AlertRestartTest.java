package io.upsfleet.system;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.PackagedService;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * alert-service crashes (SIGKILL) and alarm edges are published while it is down: when it is back it
 * takes every one of them (its persistent MQTT session kept them at the broker). With a clean session
 * the broker would drop them and nobody would be told that those UPS units went on battery.
 */
class AlertRestartTest {

    private static final String DATABASE = "upsfleet_test_alert_restart";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLIENT_ID = "alert-restart-" + SUFFIX;

    private static Infra infra;
    private static PackagedService alert;
    private static MqttClient publisher;

    @BeforeAll
    static void start() throws Exception {
        Path repo = PackagedService.repo();
        infra = Infra.get();
        infra.recreateDatabase(DATABASE);
        // alert-service reads site and tags from mib-service's ups table: give it the fleet schema.
        try (InputStream sql = AlertRestartTest.class.getResourceAsStream("/db/migration/V1__fleet_core.sql");
             Connection c = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.dbUser, infra.dbPassword)) {
            c.createStatement().execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, String> properties = infra.connectionProperties(DATABASE);
        properties.put("upsfleet.alert.group", "alert-restart-" + SUFFIX);
        properties.put("upsfleet.alert.mqtt.client-id", CLIENT_ID);
        alert = PackagedService.start(repo, "alert-service", properties, Map.of());
        alert.awaitReady(Duration.ofSeconds(90));
        publisher = new MqttClient(infra.mqttUri(), "alert-restart-pub-" + SUFFIX, new MemoryPersistence());
        publisher.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (publisher != null && publisher.isConnected()) {
            publisher.disconnect();
        }
        if (alert != null) {
            alert.close();
        }
        MqttSessions.discard(infra.mqttUri(), CLIENT_ID);
    }

    @Test
    void alarmEdgesPublishedWhileAlertServiceIsDownAreTakenWhenItIsBack() throws Exception {
        publishEdges(0, 5);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> edgesTaken() == 5);

        alert.kill();
        publishEdges(5, 10);   // nobody is listening: the broker must keep these for the session
        alert = alert.restart();
        alert.awaitReady(Duration.ofSeconds(90));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> edgesTaken() >= 10);
        assertEquals(10, edgesTaken(), "every alarm edge taken exactly once");
        assertTrue(alert.logText().contains("so the broker redelivers"), "the restarted service resumed its session:\n" + alert.tail());
    }

    private static void publishEdges(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String upsId = "ar-" + SUFFIX + "-" + i;
            AlarmEvent edge = new AlarmEvent(AlarmEvent.VERSION, UUID.randomUUID().toString(), upsId, "gw-alert-restart",
                    Instant.now(), AlarmType.ON_BATTERY, AlarmEvent.AlarmState.RAISED, Severity.WARNING, "utility power lost");
            MqttMessage m = new MqttMessage(Json.toBytes(edge));
            m.setQos(1);
            publisher.publish(Topics.alarm(upsId), m);
        }
    }

    private static long edgesTaken() throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.dbUser, infra.dbPassword);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM alert_event_seen WHERE ups_id LIKE 'ar-" + SUFFIX + "-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
