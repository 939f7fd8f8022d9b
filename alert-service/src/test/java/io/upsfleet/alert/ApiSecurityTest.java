package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The REST API answers its one client only; health and metrics stay open for probes and scrapers. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class ApiSecurityTest {

    private static final String SOME_ALERT = "/api/alerts/00000000-0000-0000-0000-000000000000/ack";

    @Test
    void anonymousCallersAndWrongPasswordsAreRefused() {
        given().get("/api/alerts").then().statusCode(401);
        given().get("/api/protect/events").then().statusCode(401);
        given().contentType("application/json").body("{\"by\":\"mallory\"}").post(SOME_ALERT).then().statusCode(401);
        given().auth().preemptive().basic(Api.USER, "wrong").get("/api/alerts").then().statusCode(401);
        given().auth().preemptive().basic("operator", Api.PASSWORD).get("/api/alerts").then().statusCode(401);
    }

    @Test
    void theApiClientIsServedAndProbesNeedNoLogin() {
        Api.client().get("/api/alerts").then().statusCode(200);
        Api.client().get("/api/protect/events").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void anAcknowledgementMustSayWho() {
        Api.client().contentType("application/json").body("{}").post(SOME_ALERT).then().statusCode(400);
        Api.client().contentType("application/json").body("{\"by\":\"" + "x".repeat(201) + "\"}").post(SOME_ALERT)
                .then().statusCode(400);
    }
}
