package io.upsfleet.mib.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.mib.support.BusAndDatabase;
import io.upsfleet.mib.support.Payloads;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One bad message never holds up the ones behind it: it becomes one dead letter at once (with a reason
 * that can be stored), is acknowledged, and the stream goes on.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class PoisonMessageTest extends BusAndDatabase {


    private static String readingJson(String ups, Instant ts, String flagsJson) {
        return "{\"v\":1,\"upsId\":\"" + ups + "\",\"gatewayId\":\"gw-test\",\"ts\":\"" + ts + "\",\"inputVoltage\":230.0,"
                + "\"flags\":" + flagsJson + "}";
    }

    @Test
    void aNulInAReadingIsOneDeadLetterAndEveryValidReadingBehindItIsStored() {
        String ups = Payloads.upsId("nul");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mqtt.publishRaw(Topics.reading(ups), readingJson(ups, t0, "\"0000100\\u0000\""));
        for (int i = 1; i <= 20; i++) {
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, t0.plusMillis(i), 230.0, "00001000"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM dead_letter WHERE topic = ?",
                Topics.reading(ups)) == 1);
        String reason = (String) db.one("SELECT error FROM dead_letter WHERE topic = ?", Topics.reading(ups)).get("error");
        assertThat(reason).contains("status flags").contains("\\u0000").doesNotContain("\u0000");
        byte[] payload = (byte[]) db.one("SELECT payload FROM dead_letter WHERE topic = ?", Topics.reading(ups)).get("payload");
        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("0000100\\u0000");
    }

    @Test
    void theSamePoisonMessageDeliveredTwiceIsOneDeadLetterCountedTwice() {
        String ups = Payloads.upsId("twice");
        String poison = "{\"v\":1,\"upsId\":\"" + ups + "\",\"gatewayId\":\"gw\",\"ts\":\"not a time\",\"flags\":\"00001000\"}";
        mqtt.publishRaw(Topics.reading(ups), poison);
        mqtt.publishRaw(Topics.reading(ups), poison);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, Instant.now(), 230.0, "00001000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT coalesce(sum(times), 0) FROM dead_letter WHERE topic = ?", Topics.reading(ups)) == 2);
        assertThat(db.count("SELECT count(*) FROM dead_letter WHERE topic = ?", Topics.reading(ups))).isEqualTo(1);
    }

    @Test
    void aQuarterMegabytePayloadIsADeadLetterNotADroppedConnection() {
        String ups = Payloads.upsId("huge");
        byte[] huge = new byte[256 * 1024];
        Arrays.fill(huge, (byte) 'x');
        mqtt.publish(Topics.reading(ups), huge, false);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, Instant.now(), 230.0, "00001000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM dead_letter WHERE topic = ? AND length(payload) = ?", Topics.reading(ups), huge.length) == 1);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aReadingFromTheFutureIsRefusedAndCannotFreezeTheLatestState() {
        String ups = Payloads.upsId("clock");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, now.plus(Duration.ofDays(4 * 365)), 111.1, "00001000"));
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, now, 230.0, "00001000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM dead_letter WHERE topic = ?",
                Topics.reading(ups)) == 1);
        assertThat((String) db.one("SELECT error FROM dead_letter WHERE topic = ?", Topics.reading(ups)).get("error"))
                .contains("ahead of this service's clock").contains("gw-test");
        assertThat(db.one("SELECT input_voltage FROM ups WHERE ups_id = ?", ups)).containsEntry("input_voltage", 230.0);
        assertThat(given().get("/q/metrics").asString()).contains("upsfleet_mib_clock_skew_rejected_total{sender=\"gw-test\"}");
    }

    @Test
    void aGatewayWhoseClockIsAheadIsFlaggedUntilItsClockIsRight() {
        String ups = Payloads.upsId("skewgw");
        String gateway = "gw-" + ups;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mqtt.publish(Topics.reading(ups), new Reading(Reading.VERSION, ups, gateway, now.plus(Duration.ofHours(1)), 230.0,
                null, 230.0, 30, 50.0, 27.0, null, "00001000", null, null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                "SELECT count(*) FROM gateway WHERE gateway_id = ? AND clock_skewed AND skewed_since IS NOT NULL", gateway) == 1);
        mqtt.publish(Topics.reading(ups), new Reading(Reading.VERSION, ups, gateway, Instant.now(), 230.0,
                null, 230.0, 30, 50.0, 27.0, null, "00001000", null, null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                "SELECT count(*) FROM gateway WHERE gateway_id = ? AND NOT clock_skewed AND abs(clock_offset_ms) < 60000", gateway) == 1);
    }

    @Test
    void aUpsFrozenByAFutureTimestampIsHealedByTheNextRealReading() {
        String ups = Payloads.upsId("frozen");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        db.update("INSERT INTO ups (ups_id, gateway_id, last_reading_ts, input_voltage) VALUES (?, 'gw-test', now() + interval '4 years', 111.1)", ups);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, now, 230.0, "00001000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> (Double) db.one("SELECT input_voltage FROM ups WHERE ups_id = ?", ups)
                .get("input_voltage") == 230.0);
    }

    @Test
    void oldReadingsAreRefusedButAnOldRetainedStatusIsTheCurrentState() {
        String ups = Payloads.upsId("old");
        Instant longAgo = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.MILLIS);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, longAgo, 230.0, "00001000"));
        mqtt.publish(Topics.status(ups), Json.toBytes(new UpsStatus(UpsStatus.VERSION, ups, "gw-test", longAgo,
                UpsStatus.CommState.OK, "00001000", List.of("OL"), longAgo)), false);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM ups WHERE ups_id = ? AND comm = 'OK'", ups) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM dead_letter WHERE topic = ?",
                Topics.reading(ups)) == 1);
        assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups)).isZero();
        Map<String, Object> reason = db.one("SELECT error FROM dead_letter WHERE topic = ?", Topics.reading(ups));
        assertThat((String) reason.get("error")).contains("behind this service's clock");
    }

    @Test
    void aReadingTheContractWouldRefuseNeverReachesTheDatabase() {
        // what the contract refuses (a text field with control characters) is a dead letter before any SQL
        String ups = Payloads.upsId("statuses");
        String json = readingJson(ups, Instant.now(), "\"00001000\"").replace("}", ",\"status\":[\"OL\\u0000\"]}");
        mqtt.publishRaw(Topics.reading(ups), json);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, Instant.now(), 230.0, "00001000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM dead_letter WHERE topic = ?",
                Topics.reading(ups)) == 1);
        assertThat(Reading.class).isNotNull();
    }
}
