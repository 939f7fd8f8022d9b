package io.upsfleet.web;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Alerts made the real way: alarm edges on MQTT, as a gateway publishes them, taken by alert-service. */
final class AlarmEdges {

    private AlarmEdges() {
    }

    static void raise(TestMqtt mqtt, String upsId, AlarmType alarm) {
        publish(mqtt, upsId, alarm, AlarmEvent.AlarmState.RAISED);
    }

    static void clear(TestMqtt mqtt, String upsId, AlarmType alarm) {
        publish(mqtt, upsId, alarm, AlarmEvent.AlarmState.CLEARED);
    }

    static void publish(TestMqtt mqtt, String upsId, AlarmType alarm, AlarmEvent.AlarmState state) {
        mqtt.publish(Topics.alarm(upsId), Json.toBytes(new AlarmEvent(AlarmEvent.VERSION, UUID.randomUUID().toString(), upsId,
                "gw-test", Instant.now(), alarm, state, null, alarm + " " + state.name().toLowerCase() + " (test)")), false);
    }

    /** An ON_BATTERY alarm raised for {@code upsId}; returns the id of the alert alert-service opened for it. */
    static String openAlert(String upsId) {
        try (TestMqtt gateway = new TestMqtt()) {
            raise(gateway, upsId, AlarmType.ON_BATTERY);
        }
        return awaitAlert(upsId, "OPEN");
    }

    /** Waits until alert-service lists an alert of {@code upsId} in {@code state} (as web-api passes it on); its id. */
    static String awaitAlert(String upsId, String state) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<String> ids = given().auth().preemptive().basic("viewer", "test-viewer-pw")
                    .queryParam("state", "all").queryParam("upsId", upsId)
                    .get("/api/alerts").then().statusCode(200).extract().path("findAll { it.state == '" + state + "' }.alertId");
            return ids.isEmpty() ? null : ids.get(0);
        }, id -> id != null);
    }
}
