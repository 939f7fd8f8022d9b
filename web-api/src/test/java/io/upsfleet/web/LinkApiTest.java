package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.RetainedMessages;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** The gateways' link figures from the bus: per UPS and summed per device-server host. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class LinkApiTest {

    @Inject
    Seed seed;

    private static LinkDiagnostics figures(String ups, String host, long requests, long timeouts, long malformed, Double p99,
                                           String error, Instant errorTs) {
        Instant now = Instant.now();
        return new LinkDiagnostics(1, ups, "gw-1", now, "tcp://" + host + ":4001", host, now.minusSeconds(600), requests,
                requests - timeouts - malformed, timeouts, malformed, 12, 11, 1, 0, p99 == null ? null : p99 / 3, p99, error, errorTs, null);
    }

    @Test
    void linkFiguresPerUpsAndPerDeviceServerHostComeFromTheBus() {
        String a = Seed.uniqueId("link-a");
        String b = Seed.uniqueId("link-b");
        String c = Seed.uniqueId("link-c");
        String rack4 = "moxa-rack4-" + a.substring(a.length() - 6);
        for (String ups : List.of(a, b, c)) {
            seed.ups(ups, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        }
        // the first request to a just started app can take seconds on a loaded machine: not inside an await
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/links/hosts").then().statusCode(200);
        Instant t = Instant.now().minusSeconds(30);
        List<String> topics = List.of(Topics.link(a), Topics.link(b), Topics.link(c));
        try (TestMqtt bus = new TestMqtt()) {
            bus.publish(Topics.link(a), Json.toBytes(figures(a, rack4, 1000, 20, 10, 40.0, "no reply to 'Q1' within 1000 ms", t)), true);
            bus.publish(Topics.link(b), Json.toBytes(figures(b, rack4, 1000, 0, 0, 90.0, null, null)), true);
            bus.publish(Topics.link(c), Json.toBytes(figures(c, "10.9.9.9", 10, 0, 0, 5.0, null, null)), true);
            // figures on another UPS's topic, and garbage, are not taken
            bus.publish(Topics.link(c), Json.toBytes(figures(a, rack4, 5, 5, 0, 1.0, "x", t)), false);
            bus.publish(Topics.link(c), "{not json".getBytes(StandardCharsets.UTF_8), false);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().preemptive().basic("viewer", "test-viewer-pw")
                    .get("/api/ups/" + a + "/link").then().log().ifValidationFails().statusCode(200)
                    .body("host", equalTo(rack4)).body("timeouts", equalTo(20)).body("malformed", equalTo(10))
                    .body("latencyP99Ms", equalTo(40.0f)).body("reconnects", equalTo(11))
                    .body("lastError", equalTo("no reply to 'Q1' within 1000 ms")).body("lastErrorTs", notNullValue()));
            // "the Moxa in rack 4 drops 1.5 % of replies": 30 of its units' 2000 requests
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().preemptive().basic("viewer", "test-viewer-pw")
                    .get("/api/links/hosts").then().statusCode(200)
                    .body("find { it.host == '" + rack4 + "' }.units", equalTo(2))
                    .body("find { it.host == '" + rack4 + "' }.requests", equalTo(2000))
                    .body("find { it.host == '" + rack4 + "' }.failureRatio", equalTo(0.015f))
                    .body("find { it.host == '" + rack4 + "' }.worstLatencyP99Ms", equalTo(90.0f))
                    .body("find { it.host == '" + rack4 + "' }.worstUps", equalTo(b))
                    .body("find { it.host == '" + rack4 + "' }.lastErrorUps", equalTo(a))
                    .body("host", hasItem("10.9.9.9")));
            given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/" + c + "/link").then().statusCode(200)
                    .body("requests", equalTo(10));

            // the retained figures cleared (UPS removed from its gateway): gone
            bus.publish(Topics.link(b), new byte[0], true);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().preemptive().basic("viewer", "test-viewer-pw")
                    .get("/api/ups/" + b + "/link").then().statusCode(404));
        } finally {
            RetainedMessages.clear(io.upsfleet.testsupport.Infra.get().mqttUri(), topics);
        }
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/no-such-ups-9/link").then().statusCode(404);
        given().get("/api/ups/" + a + "/link").then().statusCode(401);
        given().get("/api/links/hosts").then().statusCode(401);
    }
}
