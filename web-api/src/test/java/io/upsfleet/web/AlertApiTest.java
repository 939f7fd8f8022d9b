package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Alerts live in alert-service's tables of the shared database; web-api lists them and acknowledges
 * them (alert-service stops escalating an alert once acked_at is set).
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class AlertApiTest {

    @Inject
    Seed seed;

    @BeforeEach
    void alertServiceTables() {
        seed.alertServiceTables();
    }

    @Test
    void viewerSeesOpenAlertsAndAnOperatorAcknowledgesOnceForAll() {
        String ups = Seed.uniqueId("alerted");
        String alertId = seed.openAlert(ups);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                .get("/api/alerts").then().statusCode(200)
                .body("", hasSize(1)).body("[0].alertId", equalTo(alertId)).body("[0].state", equalTo("OPEN"))
                .body("[0].ackedAt", nullValue());

        given().auth().preemptive().basic("viewer", "test-viewer-pw").post("/api/alerts/" + alertId + "/ack")
                .then().statusCode(403);
        String ackedAt = given().auth().preemptive().basic("operator", "test-operator-pw")
                .post("/api/alerts/" + alertId + "/ack").then().statusCode(200)
                .body("ackedBy", equalTo("operator")).body("ackedAt", notNullValue())
                .extract().path("ackedAt");
        // again: nothing changes (the first acknowledgement stands)
        given().auth().preemptive().basic("operator", "test-operator-pw")
                .post("/api/alerts/" + alertId + "/ack").then().statusCode(200).body("ackedAt", equalTo(ackedAt));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", ups)
                .get("/api/alerts").then().statusCode(200).body("[0].ackedBy", equalTo("operator"));
    }

    @Test
    void badIdsAndStatesGetClearErrors() {
        given().auth().preemptive().basic("operator", "test-operator-pw").post("/api/alerts/not-a-uuid/ack")
                .then().statusCode(400).body("parameter", equalTo("id"));
        given().auth().preemptive().basic("operator", "test-operator-pw").post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(404);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("state", "bogus")
                .get("/api/alerts").then().statusCode(400).body("parameter", equalTo("state"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("state", "all")
                .queryParam("limit", "0").get("/api/alerts").then().statusCode(400);
    }
}
