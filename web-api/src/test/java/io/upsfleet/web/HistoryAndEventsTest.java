package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.history.ReadingBlocks;
import io.upsfleet.history.StoredReading;
import io.restassured.specification.RequestSpecification;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class HistoryAndEventsTest {

    @Inject
    Seed seed;

    static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "test-viewer-pw");
    }

    @Test
    void servesRawHistoryInTimeOrderWithinTheRange() {
        String id = Seed.uniqueId("hist");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), t0);
        for (int i = 0; i < 5; i++) {
            seed.reading(id, t0.plusSeconds(i), 220 + i, 30 + i, 27.0, i == 3 ? "10001000" : "00001000");
        }
        seed.reading(id, t0.minus(Duration.ofHours(3)), 100, 1, 1, "00001000"); // outside the range

        viewer().queryParam("from", t0.minusSeconds(1).toString()).queryParam("to", t0.plusSeconds(60).toString())
                .get("/api/ups/" + id + "/history").then().statusCode(200)
                .body("resolution", equalTo("raw"))
                .body("count", equalTo(5))
                .body("points", hasSize(5))
                .body("points[0].ts", equalTo(t0.toString()))
                .body("points[0].inputVoltage", equalTo(220.0f))
                .body("points[4].loadPercent", equalTo(34.0f))
                .body("points[3].onBattery", equalTo(true))
                .body("points[3].flags", equalTo("10001000"));
    }

    @Test
    void rawHistoryJoinsCompactedHoursAndRecentRowsSeamlessly() {
        String id = Seed.uniqueId("blocks");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), hour);
        // the hour before last as mib-service compacts it (one block), the hour after it still as rows
        List<StoredReading> compacted = List.of(
                new StoredReading(hour.plusSeconds(3598), 221.5, 0.0, 230.1, 31, 49.9, 2.27, 28.0, "00001000", 95.0, 1800),
                new StoredReading(hour.plusSeconds(3599), 222.5, 0.0, 230.1, 32, 49.9, 2.27, null, "10001000", 94.9, 1790));
        seed.exec("INSERT INTO reading_block (ups_id, hour, readings, first_ts, last_ts, block) VALUES (?, ?, 2, ?, ?, ?)",
                id, java.sql.Timestamp.from(hour), java.sql.Timestamp.from(hour), java.sql.Timestamp.from(hour),
                ReadingBlocks.encode(compacted));
        seed.reading(id, hour.plusSeconds(3600), 223, 33, 27.0, "00001000");

        viewer().queryParam("from", hour.plusSeconds(3599).toString()).queryParam("to", hour.plusSeconds(3700).toString())
                .queryParam("resolution", "raw")
                .get("/api/ups/" + id + "/history").then().statusCode(200)
                .body("count", equalTo(2))
                .body("points[0].ts", equalTo(hour.plusSeconds(3599).toString()))
                .body("points[0].inputVoltage", equalTo(222.5f))
                .body("points[0].onBattery", equalTo(true))
                .body("points[0].temperature", nullValue())
                .body("points[1].ts", equalTo(hour.plusSeconds(3600).toString()))
                .body("points[1].inputVoltage", equalTo(223.0f));
    }

    @Test
    void autoResolutionUsesTheMinuteRollUpForLongRanges() {
        String id = Seed.uniqueId("roll");
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), to);
        seed.minute(id, to.minus(Duration.ofHours(10)), 221, false);
        seed.minute(id, to.minus(Duration.ofHours(5)), 222, true);

        viewer().queryParam("from", to.minus(Duration.ofHours(12)).toString()).queryParam("to", to.toString())
                .get("/api/ups/" + id + "/history").then().statusCode(200)
                .body("resolution", equalTo("1m"))
                .body("points", hasSize(2))
                .body("points[0].inputVoltage", equalTo(221.0f))
                .body("points[0].inputVoltageMin", equalTo(220.0f))
                .body("points[0].samples", equalTo(60))
                .body("points[1].onBattery", equalTo(true));
    }

    @Test
    void rejectsReversedTooLongOrMalformedRanges() {
        String id = Seed.uniqueId("bad");
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        Instant now = Instant.now();
        String path = "/api/ups/" + id + "/history";
        viewer().queryParam("from", now.toString()).queryParam("to", now.minusSeconds(60).toString())
                .get(path).then().statusCode(400).contentType("application/problem+json").body("parameter", equalTo("from"));
        viewer().queryParam("from", now.minus(Duration.ofDays(2)).toString()).queryParam("to", now.toString())
                .queryParam("resolution", "raw")
                .get(path).then().statusCode(400).body("detail", containsString("1m"));
        viewer().queryParam("from", now.minus(Duration.ofDays(60)).toString()).queryParam("to", now.toString())
                .get(path).then().statusCode(400).body("parameter", equalTo("from"));
        viewer().queryParam("from", "yesterday").get(path).then().statusCode(400).body("parameter", equalTo("from"));
        viewer().queryParam("resolution", "5m").get(path).then().statusCode(400).body("parameter", equalTo("resolution"));
        viewer().get("/api/ups/no-such-ups-9/history").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void pagesTheEventLogNewestFirstWithoutLosingTies() {
        String id = Seed.uniqueId("ev");
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seed.event(id + "-e1", id, t.minusSeconds(10), "alarm", "ON_BATTERY", "WARNING", "on battery");
        seed.event(id + "-e2", id, t, "alarm", "LOW_BATTERY", "CRITICAL", "low battery");
        seed.event(id + "-e3", id, t, "alarm", "ON_BATTERY", "INFO", "cleared");

        String next = viewer().queryParam("limit", 2).get("/api/ups/" + id + "/events").then().statusCode(200)
                .body("eventId", equalTo(List.of(id + "-e3", id + "-e2")))
                .body("[0].type", equalTo("ON_BATTERY"))
                .body("[0].ts", equalTo(t.toString()))
                .extract().header("Link");
        String url = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        viewer().urlEncodingEnabled(false).get(url).then().statusCode(200)
                .body("eventId", equalTo(List.of(id + "-e1")));

        viewer().queryParam("limit", 500).get("/api/events").then().statusCode(200)
                .body("findAll { it.upsId == '" + id + "' }.size()", equalTo(3));
        viewer().queryParam("limit", 0).get("/api/events").then().statusCode(400).body("parameter", equalTo("limit"));
        viewer().queryParam("before", "x").get("/api/events").then().statusCode(400).body("parameter", equalTo("before"));
        viewer().get("/api/ups/no-such-ups-8/events").then().statusCode(404);
    }
}
