package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.RetainedMessages;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Alerts belong to alert-service (the real one, {@link AlertServiceResource}); web-api lists them for the
 * operators and acknowledges them as the logged-in user through alert-service's REST API.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
@QuarkusTestResource(AlertServiceResource.class)
class AlertApiTest {

    @jakarta.inject.Inject
    Seed seed;

    @Test
    void anOperatorOfOneSiteSeesAndAcknowledgesOnlyTheAlertsOfItsSites() {
        String hq = Seed.uniqueId("ack-hq");
        String branch = Seed.uniqueId("ack-br");
        seed.ups(hq, "HQ", List.of(), "OK", "00001000", List.of("OL"), java.time.Instant.now());
        seed.ups(branch, "Branch-2", List.of(), "OK", "00001000", List.of("OL"), java.time.Instant.now());
        String hqAlert = AlarmEdges.openAlert(hq);
        String branchAlert = AlarmEdges.openAlert(branch);
        String op = Seed.uniqueId("ack-op");
        given().auth().preemptive().basic("admin", "test-admin-pw").contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("name", op, "password", "a-long-password-1", "role", "operator", "sites", List.of("HQ")))
                .post("/api/admin/users").then().statusCode(201);

        List<String> seen = given().auth().preemptive().basic(op, "a-long-password-1").queryParam("state", "all")
                .queryParam("limit", 1000).get("/api/alerts").then().statusCode(200).extract().path("alertId");
        org.junit.jupiter.api.Assertions.assertTrue(seen.contains(hqAlert) && !seen.contains(branchAlert), seen.toString());
        given().auth().preemptive().basic(op, "a-long-password-1").post("/api/alerts/" + branchAlert + "/ack")
                .then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("your sites (HQ)"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", branch).get("/api/alerts")
                .then().statusCode(200).body("[0].ackedBy", nullValue());
        given().auth().preemptive().basic(op, "a-long-password-1").post("/api/alerts/" + hqAlert + "/ack")
                .then().statusCode(200).body("ackedBy", equalTo(op));
    }

    @Test
    void viewerSeesOpenAlertsAndAnOperatorAcknowledgesOnceForAll() {
        String ups = Seed.uniqueId("alerted");
        String alertId = AlarmEdges.openAlert(ups);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                .get("/api/alerts").then().statusCode(200)
                .body("", hasSize(1)).body("[0].alertId", equalTo(alertId)).body("[0].state", equalTo("OPEN"))
                .body("[0].alarm", equalTo("ON_BATTERY")).body("[0].severity", notNullValue())
                .body("[0].raisedAt", notNullValue()).body("[0].tags", equalTo(List.of()))
                .body("[0].ackedAt", nullValue()).body("[0].ackedBy", nullValue());

        given().auth().preemptive().basic("viewer", "test-viewer-pw").post("/api/alerts/" + alertId + "/ack")
                .then().statusCode(403);
        String ackedAt = given().auth().preemptive().basic("operator", "test-operator-pw")
                .post("/api/alerts/" + alertId + "/ack").then().statusCode(200)
                .body("alertId", equalTo(alertId)).body("ackedBy", equalTo("operator")).body("ackedAt", notNullValue())
                .extract().path("ackedAt");
        // again, by someone else: nothing changes (the first acknowledgement stands)
        given().auth().preemptive().basic("admin", "test-admin-pw")
                .post("/api/alerts/" + alertId + "/ack").then().statusCode(200)
                .body("ackedAt", equalTo(ackedAt)).body("ackedBy", equalTo("operator"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                .get("/api/alerts").then().statusCode(200).body("[0].ackedBy", equalTo("operator"));
    }

    @Test
    void listsClearedAlertsApartFromOpenOnes() {
        String ups = Seed.uniqueId("cleared");
        try (TestMqtt gateway = new TestMqtt()) {
            AlarmEdges.raise(gateway, ups, AlarmType.OVERLOAD);
            AlarmEdges.awaitAlert(ups, "OPEN");
            AlarmEdges.clear(gateway, ups, AlarmType.OVERLOAD);
        }
        String alertId = AlarmEdges.awaitAlert(ups, "CLEARED");
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups).queryParam("state", "cleared")
                .get("/api/alerts").then().statusCode(200).body("alertId", equalTo(List.of(alertId)))
                .body("[0].clearedAt", notNullValue());
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                .get("/api/alerts").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void passesOnTheProtectiveActionLog() {
        String ups = AlertServiceResource.PROTECTED_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        try (TestMqtt gateway = new TestMqtt()) {
            AlarmEdges.raise(gateway, ups, AlarmType.ON_BATTERY);
            AlarmEdges.raise(gateway, ups, AlarmType.LOW_BATTERY);
            awaitSteps(ups, "STARTED", "NOTICE_SHUTDOWN");
            // mains back within the grace time: the sequence is cancelled, no command is sent
            AlarmEdges.clear(gateway, ups, AlarmType.ON_BATTERY);
            awaitSteps(ups, "STARTED", "NOTICE_SHUTDOWN", "CANCELLED");
        } finally {
            RetainedMessages.clear(Infra.get().mqttUri(), List.of(Topics.hostShutdown(ups)));
        }
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups).queryParam("limit", 1)
                .get("/api/protect/events").then().statusCode(200).body("", hasSize(1)).body("[0].upsId", equalTo(ups))
                .body("[0].noticeId", notNullValue()).body("[0].at", notNullValue());
    }

    private static void awaitSteps(String ups, String... steps) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                        .get("/api/protect/events").then().statusCode(200).body("step", hasItems(steps)));
    }

    @Test
    void badIdsStatesAndLimitsGetClearErrors() {
        given().auth().preemptive().basic("operator", "test-operator-pw").post("/api/alerts/not-a-uuid/ack")
                .then().statusCode(400).contentType("application/problem+json").body("parameter", equalTo("id"));
        given().auth().preemptive().basic("operator", "test-operator-pw").post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("state", "bogus")
                .get("/api/alerts").then().statusCode(400).body("parameter", equalTo("state"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("state", "all")
                .queryParam("limit", "0").get("/api/alerts").then().statusCode(400).body("parameter", equalTo("limit"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", "not a ups/id")
                .get("/api/alerts").then().statusCode(400).body("parameter", equalTo("upsId"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", "not a ups/id")
                .get("/api/protect/events").then().statusCode(400).body("parameter", equalTo("upsId"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("limit", "5001")
                .get("/api/protect/events").then().statusCode(400).body("parameter", equalTo("limit"));
    }

    @Test
    void alertEndpointsRequireALoginAndAcknowledgingTheOperatorRole() {
        String ups = Seed.uniqueId("guarded");
        String alertId = AlarmEdges.openAlert(ups);
        given().redirects().follow(false).get("/api/alerts").then().statusCode(401);
        given().redirects().follow(false).get("/api/protect/events").then().statusCode(401);
        given().redirects().follow(false).post("/api/alerts/" + alertId + "/ack").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "wrong-password").redirects().follow(false)
                .get("/api/alerts").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").post("/api/alerts/" + alertId + "/ack")
                .then().statusCode(403);
        // none of the refused attempts reached alert-service
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                .get("/api/alerts").then().statusCode(200).body("[0].ackedAt", nullValue());
    }
}
