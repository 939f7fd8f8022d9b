package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class AlarmIntakeTest {

    @Test
    void isReadyWithDatabaseAndBroker() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200);
    }

    @jakarta.inject.Inject
    io.upsfleet.alert.metrics.Counts counts;

    @Test
    void malformedAlarmPayloadsAreDeadLettersAndTheStreamGoesOn() throws Exception {
        String ups = Alarms.upsId("bad");
        long before = counts.count("upsfleet.alert.alarms.malformed");
        Alarms.publishRaw(ups, "{not json".getBytes(StandardCharsets.UTF_8));
        Alarms.publishRaw(ups, "{\"v\":1,\"eventId\":\"x\",\"upsId\":\"bad\"}".getBytes(StandardCharsets.UTF_8));
        Alarms.publishRaw(ups, new byte[0]);
        Alarms.publishRaw(ups, "{not json".getBytes(StandardCharsets.UTF_8)); // the same poison again: one row
        await().atMost(Duration.ofSeconds(10)).until(() -> counts.count("upsfleet.alert.alarms.malformed") >= before + 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> Alarms.count(
                "SELECT coalesce(sum(times), 0) FROM alert_dead_letter WHERE topic = ?", io.upsfleet.contracts.Topics.alarm(ups)) == 4);
        assertEquals(3, Alarms.count("SELECT count(*) FROM alert_dead_letter WHERE topic = ?", io.upsfleet.contracts.Topics.alarm(ups)));
        given().get("/q/metrics").then().body(containsString("upsfleet_alert_alarms_malformed_total"));
        // The consumer is still alive: a valid edge after the garbage is taken.
        Alarms.raise(ups, AlarmType.OVERLOAD);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.client().queryParam("state", "open")
                .queryParam("upsId", ups).get("/api/alerts").then().statusCode(200)
                .body("alarm", hasItem("OVERLOAD")));
    }

    @Test
    void anEdgeWithANulInItsMessageDoesNotDelayTheValidEdgeBehindIt() throws Exception {
        String poisoned = Alarms.upsId("nul");
        String valid = Alarms.upsId("after-nul");
        String json = new String(io.upsfleet.contracts.Json.toBytes(Alarms.event(poisoned, AlarmType.ON_BATTERY,
                io.upsfleet.contracts.AlarmEvent.AlarmState.RAISED)), StandardCharsets.UTF_8)
                .replaceFirst("\"message\":\"[^\"]*\"", "\"message\":\"on battery\\\\u0000\"");
        Alarms.publishRaw(poisoned, json.getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        Alarms.raise(valid, AlarmType.ON_BATTERY);
        // the test profile's debounce is 1 s: the valid edge's alert opens right after it, not after retries
        await().atMost(Duration.ofSeconds(5)).until(() -> Alarms.count(
                "SELECT count(*) FROM alert WHERE ups_id = ? AND state = 'OPEN'", valid) == 1);
        assertEquals(1, Alarms.count("SELECT count(*) FROM alert_dead_letter WHERE topic = ? AND reason LIKE '%U+0000%'",
                io.upsfleet.contracts.Topics.alarm(poisoned)));
        assertEquals(0, Alarms.count("SELECT count(*) FROM alert WHERE ups_id = ?", poisoned));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
    }

    @Test
    void badQueryParametersGetAClearError() {
        Api.client().queryParam("state", "sideways").get("/api/alerts").then().statusCode(400)
                .body("detail", containsString("state must be one of"));
        Api.client().contentType("application/json").body("{\"by\":\"alice\"}").post("/api/alerts/not-a-uuid/ack").then().statusCode(400);
        Api.client().contentType("application/json").body("{\"by\":\"alice\"}").post("/api/alerts/00000000-0000-0000-0000-000000000000/ack").then().statusCode(404);
    }

    @Test
    void badIdsUnknownAlertsAndLimitsOutOfRangeGetProblems() {
        Api.client().get("/api/alerts/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("UUID"));
        Api.client().get("/api/alerts/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        Api.client().queryParam("limit", 0).get("/api/alerts").then().statusCode(400)
                .body("detail", containsString("limit must be 1..5000"));
        Api.client().queryParam("limit", 5001).get("/api/alerts").then().statusCode(400);
        Api.client().queryParam("limit", 5000).queryParam("state", "all").get("/api/alerts").then().statusCode(200);
        Api.client().queryParam("limit", 5001).get("/api/protect/events").then().statusCode(400);
        Api.client().contentType("application/json").body("{\"by\":\"  \"}").post("/api/alerts/00000000-0000-0000-0000-000000000000/ack")
                .then().statusCode(400);
    }
}
