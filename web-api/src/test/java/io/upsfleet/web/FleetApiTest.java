package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class FleetApiTest {

    @Inject
    Seed seed;

    @Test
    void listsFleetWithLatestReadingAndDerivedValues() {
        String id = Seed.uniqueId("list");
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seed.ups(id, "site-" + id, List.of("rack-a", "core"), "OK", "00001001", List.of("OL"), ts);

        given().auth().preemptive().basic("viewer", "test-viewer-pw")
                .queryParam("site", "site-" + id)
                .when().get("/api/ups")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(id))
                .body("[0].name", equalTo("UPS " + id))
                .body("[0].tags", equalTo(List.of("rack-a", "core")))
                .body("[0].gatewayId", equalTo("gw-1"))
                .body("[0].comm", equalTo("OK"))
                .body("[0].flags", equalTo("00001001"))
                .body("[0].status", equalTo(List.of("OL")))
                .body("[0].lastReadingTs", equalTo(ts.toString()))
                .body("[0].inputVoltage", equalTo(229.5f))
                .body("[0].loadPercent", equalTo(34))
                .body("[0].batteryCharge", equalTo(91.0f))
                .body("[0].runtimeSeconds", equalTo(1200));
    }

    @Test
    void aUpsWhoseLatestReadingIsOldIsShownStaleAndCanBeFiltered() {
        String site = "stale-site-" + Seed.uniqueId("s");
        String fresh = Seed.uniqueId("fresh");
        String old = Seed.uniqueId("old");
        seed.ups(fresh, site, List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        seed.ups(old, site, List.of(), "OK", "00001000", List.of("OL"), Instant.now().minusSeconds(120));

        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .get("/api/ups").then().statusCode(200)
                .body("find { it.id == '" + fresh + "' }.stale", equalTo(false))
                .body("find { it.id == '" + old + "' }.stale", equalTo(true));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site).queryParam("stale", "true")
                .get("/api/ups").then().statusCode(200).body("id", equalTo(List.of(old)));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/" + old)
                .then().statusCode(200).body("stale", equalTo(true));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("stale", "maybe")
                .get("/api/ups").then().statusCode(400).body("parameter", equalTo("stale"));
    }

    @Test
    void showsOneUpsWithIdentityAndRating() {
        String id = Seed.uniqueId("one");
        seed.ups(id, "s1", List.of(), "OK", "00001000", List.of("OL"), Instant.now());

        given().auth().preemptive().basic("viewer", "test-viewer-pw")
                .when().get("/api/ups/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("identity.manufacturer", equalTo("ACME"))
                .body("identity.model", equalTo("Q1-1000"))
                .body("rating.ratedVoltage", equalTo(230.0f))
                .body("rating.nominalBatteryVoltage", equalTo(24.0f))
                .body("outputVoltage", equalTo(230.1f))
                .body("batteryCharge", equalTo(91.0f))
                .body("runtimeSeconds", equalTo(1200));
    }

    @Test
    void answersUnknownUpsWithProblemDetail() {
        given().auth().preemptive().basic("viewer", "test-viewer-pw")
                .when().get("/api/ups/does-not-exist-42")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"))
                .body("type", containsString("not-found"))
                .body("detail", containsString("does-not-exist-42"))
                .body("instance", equalTo("/api/ups/does-not-exist-42"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw")
                .when().get("/api/no-such-endpoint")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void filtersBySiteTagStatusOnBatteryAndCommLost() {
        String site = Seed.uniqueId("site");
        String ol = Seed.uniqueId("ol");
        String ob = Seed.uniqueId("ob");
        String lb = Seed.uniqueId("lb");
        String lost = Seed.uniqueId("lost");
        Instant now = Instant.now();
        seed.ups(ol, site, List.of("east"), "OK", "00001000", List.of("OL"), now);
        seed.ups(ob, site, List.of("west"), "OK", "10001000", List.of("OB"), now);
        seed.ups(lb, site, List.of("west"), "OK", "11001000", List.of("OB", "LB"), now);
        seed.ups(lost, site, List.of("east"), "LOST", "00001000", List.of("OL"), now);

        var viewer = given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site);
        viewer.queryParam("onBattery", "true").get("/api/ups").then().statusCode(200)
                .body("id", equalTo(List.of(ob, lb).stream().sorted().toList()));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .queryParam("status", "LB").get("/api/ups").then().body("id", equalTo(List.of(lb)));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .queryParam("commLost", "true").get("/api/ups").then().body("id", equalTo(List.of(lost)));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .queryParam("tag", "east").queryParam("commLost", "false").get("/api/ups").then().body("id", equalTo(List.of(ol)));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .queryParam("onBattery", "false").get("/api/ups").then().body("id", not(hasItem(ob)));
    }

    @Test
    void pagesTheFleetWithNextLink() {
        String site = Seed.uniqueId("paged");
        for (int i = 0; i < 5; i++) {
            seed.ups(site + "-u" + i, site, List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        }
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .queryParam("limit", 2).queryParam("offset", 2).get("/api/ups").then().statusCode(200)
                .body("id", equalTo(List.of(site + "-u2", site + "-u3")))
                .header("Link", containsString("offset=4"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("site", site)
                .queryParam("limit", 2).queryParam("offset", 4).get("/api/ups").then().statusCode(200)
                .body("id", equalTo(List.of(site + "-u4")))
                .header("Link", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void rejectsBadFleetParametersNamingThem() {
        for (String[] bad : new String[][]{{"limit", "0"}, {"limit", "5000"}, {"limit", "ten"}, {"offset", "-1"},
                {"onBattery", "yes"}, {"commLost", "1"}, {"status", "ob;drop"}}) {
            given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam(bad[0], bad[1])
                    .get("/api/ups").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("parameter", equalTo(bad[0]))
                    .body("detail", containsString(bad[0]));
        }
    }
}
