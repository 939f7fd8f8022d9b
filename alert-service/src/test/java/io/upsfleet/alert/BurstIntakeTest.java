package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.InfraResource;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class BurstIntakeTest {

    /**
     * A burst of alarm edges as fast as the broker takes them (many per TCP read, headers split across
     * reads): every one is taken, none lost to a dropped connection.
     */
    @Test
    void burstOfAlarmEdgesIsTakenCompletely() throws Exception {
        // Edges are acknowledged only once stored, so the backlog waits at the broker, and Mosquitto drops
        // QoS 1 messages beyond max_queued_messages per session: 1000 by default, which is what the
        // machine's broker runs with (deploy/mosquitto/mosquitto.conf raises it to 100,000). Stay under it.
        int n = 900;
        String run = Alarms.upsId("burst");
        Infra infra = Infra.get();
        MqttAsyncClient client = new MqttAsyncClient("tcp://" + infra.mqttHost + ":" + infra.mqttPort,
                "alert-burst-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        client.connect(options).waitForCompletion(10_000);
        try {
            for (int i = 0; i < n; i++) {
                // CLEARED edges of conditions never raised: taken and recorded, but nobody is notified.
                AlarmEvent e = Alarms.event(run + "-" + i, AlarmType.OVERLOAD, AlarmEvent.AlarmState.CLEARED);
                while (true) {
                    try {
                        client.publish(Topics.alarm(e.upsId()), Json.toBytes(e), 1, false);
                        break;
                    } catch (MqttException ex) {
                        if (ex.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                            throw ex;
                        }
                        LockSupport.parkNanos(200_000);
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> Alarms.count(
                    "SELECT count(*) FROM alert_event_seen WHERE ups_id LIKE ?", run + "-%") == n);
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
