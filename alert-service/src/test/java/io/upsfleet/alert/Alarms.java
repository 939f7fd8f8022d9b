package io.upsfleet.alert;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Test helpers: a Paho publisher for alarm edges and a JDBC connection to the test database. */
public final class Alarms {

    public static final String DATABASE = "upsfleet_test_alert";
    private static MqttClient client;

    private Alarms() {
    }

    public static String upsId(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    public static synchronized MqttClient mqtt() throws MqttException {
        if (client == null || !client.isConnected()) {
            Infra infra = Infra.get();
            client = new MqttClient("tcp://" + infra.mqttHost + ":" + infra.mqttPort, "alert-test-" + UUID.randomUUID(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setAutomaticReconnect(true);
            client.connect(options);
        }
        return client;
    }

    public static AlarmEvent event(String upsId, AlarmType alarm, AlarmEvent.AlarmState state) {
        return new AlarmEvent(AlarmEvent.VERSION, UUID.randomUUID().toString(), upsId, "gw-test", Instant.now(), alarm,
                state, null, alarm + " " + state.name().toLowerCase() + " (test)");
    }

    public static AlarmEvent raise(String upsId, AlarmType alarm) throws MqttException {
        return publish(event(upsId, alarm, AlarmEvent.AlarmState.RAISED));
    }

    public static AlarmEvent clear(String upsId, AlarmType alarm) throws MqttException {
        return publish(event(upsId, alarm, AlarmEvent.AlarmState.CLEARED));
    }

    public static AlarmEvent publish(AlarmEvent event) throws MqttException {
        publishRaw(event.upsId(), Json.toBytes(event));
        return event;
    }

    public static void publishRaw(String upsId, byte[] payload) throws MqttException {
        mqtt().publish(Topics.alarm(upsId), payload, 1, false);
    }

    public static Connection db() throws SQLException {
        Infra infra = Infra.get();
        return DriverManager.getConnection("jdbc:postgresql://" + infra.dbHost + ":" + infra.dbPort + "/" + Infra.database(DATABASE),
                infra.dbUser, infra.dbPassword);
    }

    public static long count(String sql, Object... args) throws SQLException {
        try (Connection c = db(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
