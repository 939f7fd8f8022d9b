package io.upsfleet.mib.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.mib.support.BusAndDatabase;
import io.upsfleet.mib.support.Payloads;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class IngestTest extends BusAndDatabase {

    @Inject
    IngestMetrics metrics;

    @Test
    void storesReadingsAndKeepsTheNewestAsTheLatestState() {
        String ups = Payloads.upsId("ingest");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, t, 230.0, "00001000"));
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, t.plusSeconds(1), 231.5, "10001000"));
        // older than what is already stored: kept in the history, but never the "latest"
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, t.minusSeconds(1), 199.0, "00001000"));

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 3);
        Map<String, Object> row = db.one("SELECT gateway_id, last_reading_ts, input_voltage, load_percent, runtime_seconds"
                + " FROM ups WHERE ups_id = ?", ups);
        assertThat(row.get("gateway_id")).isEqualTo("gw-test");
        assertThat(((java.sql.Timestamp) row.get("last_reading_ts")).toInstant()).isEqualTo(t.plusSeconds(1));
        assertThat(row.get("input_voltage")).isEqualTo(231.5);
        assertThat(row.get("load_percent")).isEqualTo(34);
        assertThat(row.get("runtime_seconds")).isEqualTo(1200);
        Map<String, Object> reading = db.one("SELECT flags, battery_voltage, temperature FROM reading WHERE ups_id = ? AND ts = ?",
                ups, OffsetDateTime.ofInstant(t.plusSeconds(1), java.time.ZoneOffset.UTC));
        assertThat(reading.get("flags")).isEqualTo("10001000");
        assertThat(reading.get("battery_voltage")).isEqualTo(27.3);
    }

    @Test
    void measuresIngestLagFromTheReadingTimestampToTheCommit() {
        String ups = Payloads.upsId("lag");
        long lagsBefore = metrics.ingestLagCount();
        double lagSecondsBefore = metrics.ingestLagTotalSeconds();
        // polled 7 s ago (e.g. held in the gateway's offline buffer): stored now, 7 s late
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, Instant.now().minusSeconds(7), 230.0, "00001000"));

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        long lags = metrics.ingestLagCount() - lagsBefore;
        double lagSeconds = metrics.ingestLagTotalSeconds() - lagSecondsBefore;
        assertThat(lags).isGreaterThanOrEqualTo(1);
        // at least this reading's 7 s; not more than a minute per reading recorded meanwhile
        assertThat(lagSeconds).isBetween(7.0, 60.0 * lags);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("upsfleet_mib_ingest_lag_seconds_count"))
                .body(containsString("upsfleet_mib_ingest_lag_last_seconds"));
    }

    @Test
    void storesEachReadingOnceWhenRedelivered() {
        String ups = Payloads.upsId("redeliver");
        byte[] same = Json.toBytes(Payloads.reading(ups, Instant.now(), 230.0, "00001000"));
        double storedBefore = metrics.storedCount(IngestChannel.READINGS);
        mqtt.publish(Topics.reading(ups), same, false);
        mqtt.publish(Topics.reading(ups), same, false);

        // both copies were processed (stored = written without error, new or not) ...
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics.storedCount(IngestChannel.READINGS) >= storedBefore + 2);
        // ... and exactly one row exists
        assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups)).isEqualTo(1);
    }

    @Test
    void updatesStateFromStatusAndIgnoresAnOlderStatus() {
        String ups = Payloads.upsId("status");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String topic = Topics.status(ups);
        try {
            mqtt.publishRetained(topic, new UpsStatus(1, ups, "gw-test", t, UpsStatus.CommState.OK, "11001000", null, t));
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM ups WHERE ups_id = ? AND comm = 'OK'", ups) == 1);
            Map<String, Object> row = db.one("SELECT flags, status, status_ts, gateway_id FROM ups WHERE ups_id = ?", ups);
            assertThat(row.get("flags")).isEqualTo("11001000");
            assertThat(tokens(row.get("status"))).containsExactly("OB", "LB");

            double before = metrics.storedCount(IngestChannel.STATUS);
            mqtt.publishRetained(topic, new UpsStatus(1, ups, "gw-test", t.minusSeconds(5), UpsStatus.CommState.LOST, null, null, null));
            await().atMost(Duration.ofSeconds(20)).until(() -> metrics.storedCount(IngestChannel.STATUS) >= before + 1);
            assertThat(db.one("SELECT comm FROM ups WHERE ups_id = ?", ups).get("comm")).isEqualTo("OK");

            mqtt.publishRetained(topic, new UpsStatus(1, ups, "gw-test", t.plusSeconds(5), UpsStatus.CommState.LOST, null, null, t));
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM ups WHERE ups_id = ? AND comm = 'LOST'", ups) == 1);
            // comm lost: the last known flags stay
            assertThat(db.one("SELECT flags FROM ups WHERE ups_id = ?", ups).get("flags")).isEqualTo("11001000");
        } finally {
            mqtt.publish(topic, new byte[0], true); // clear the retained state on the shared broker
        }
    }

    @Test
    void storesIdentity() {
        String ups = Payloads.upsId("ident");
        String topic = Topics.identity(ups);
        try {
            mqtt.publishRetained(topic, new Identity(1, ups, "gw-test", Instant.now(), "Megatec", "MT-1000", "V1.2",
                    220.0, 4.5, 24.0, 50.0));
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM ups WHERE ups_id = ? AND model = 'MT-1000'", ups) == 1);
            Map<String, Object> row = db.one("SELECT manufacturer, firmware, rated_voltage, rated_current,"
                    + " nominal_battery_voltage, rated_frequency, gateway_id FROM ups WHERE ups_id = ?", ups);
            assertThat(row).containsEntry("manufacturer", "Megatec").containsEntry("firmware", "V1.2")
                    .containsEntry("rated_voltage", 220.0).containsEntry("rated_current", 4.5)
                    .containsEntry("nominal_battery_voltage", 24.0).containsEntry("rated_frequency", 50.0)
                    .containsEntry("gateway_id", "gw-test");
        } finally {
            mqtt.publish(topic, new byte[0], true);
        }
    }

    @Test
    void logsAlarmsCommandsAndResultsAsEventsOnceAndLeavesTheCommandAuditToWebApi() {
        String ups = Payloads.upsId("events");
        String commandId = Payloads.upsId("cmd");
        Instant t = Instant.now();
        db.update("INSERT INTO command (command_id, ups_id, command, requested_by, requested_at) VALUES (?, ?, 'BEEPER_TOGGLE', 'alice', now())",
                commandId, ups);
        AlarmEvent alarm = new AlarmEvent(1, "alarm-" + commandId, ups, "gw-test", t, AlarmType.ON_BATTERY,
                AlarmEvent.AlarmState.RAISED, null, "on battery");
        mqtt.publish(Topics.alarm(ups), alarm);
        mqtt.publish(Topics.alarm(ups), alarm); // redelivered
        mqtt.publish(Topics.command(ups), new CommandRequest(1, commandId, ups, CommandType.BEEPER_TOGGLE, null, null, null, "alice", t));
        mqtt.publish(Topics.commandResult(ups), new CommandResult(1, commandId, ups, "gw-test", CommandType.BEEPER_TOGGLE,
                CommandOutcome.DONE, "beeper off", t.plusSeconds(2)));
        mqtt.publish(Topics.commandResult(ups), new CommandResult(1, commandId, ups, "gw-test", CommandType.BEEPER_TOGGLE,
                CommandOutcome.ACCEPTED, null, t.plusSeconds(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM event WHERE ups_id = ?", ups) == 4);
        List<Map<String, Object>> events = db.list("SELECT event_id, kind, type, severity FROM event WHERE ups_id = ? ORDER BY event_id", ups);
        assertThat(events).extracting(e -> e.get("event_id")).containsExactly(
                "alarm-" + commandId, "cmd-" + commandId + "-ACCEPTED", "cmd-" + commandId + "-DONE", "cmd-" + commandId + "-REQUESTED");
        assertThat(events.get(0)).containsEntry("kind", "ALARM_RAISED").containsEntry("type", "ON_BATTERY").containsEntry("severity", "WARNING");
        assertThat(events.get(3)).containsEntry("kind", "COMMAND_REQUESTED").containsEntry("type", "BEEPER_TOGGLE");
        assertThat(db.one("SELECT details->>'gatewayId' AS gw FROM event WHERE event_id = ?", "alarm-" + commandId).get("gw"))
                .isEqualTo("gw-test");
        assertThat(db.one("SELECT details->>'outcome' AS outcome FROM event WHERE event_id = ?", "cmd-" + commandId + "-DONE")
                .get("outcome")).isEqualTo("DONE");
        // the command audit is web-api's table: mib-service logs the result as an event and leaves the row alone
        assertThat(db.one("SELECT outcome, detail FROM command WHERE command_id = ?", commandId))
                .containsEntry("outcome", null).containsEntry("detail", null);
    }

    @Test
    void keepsMalformedMessagesAsDeadLettersAndStoresTheNextMessage() {
        String ups = Payloads.upsId("bad");
        String topic = Topics.reading(ups);
        double deadBefore = metrics.deadLetterCount(IngestChannel.READINGS);
        mqtt.publishRaw(topic, "{this is not json");
        mqtt.publishRaw(topic, "{\"v\":1,\"upsId\":\"" + ups + "\",\"gatewayId\":\"gw\",\"ts\":\"2026-01-01T00:00:00Z\",\"flags\":\"2\"}");
        mqtt.publish(topic, Payloads.reading("someone-else", Instant.now(), 230.0, "00001000"));
        mqtt.publish(topic, Payloads.reading(ups, Instant.now(), 230.0, "00001000"));

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM dead_letter WHERE topic = ?", topic) == 3);
        List<Object> errors = db.list("SELECT error FROM dead_letter WHERE topic = ? ORDER BY id", topic).stream()
                .map(r -> r.get("error")).toList();
        assertThat(errors).anySatisfy(e -> assertThat((String) e).contains("malformed JSON"));
        assertThat(errors).anySatisfy(e -> assertThat((String) e).contains("status flags"));
        assertThat(errors).anySatisfy(e -> assertThat((String) e).contains("does not match the topic"));
        assertThat(db.count("SELECT count(*) FROM dead_letter WHERE topic = ? AND payload = convert_to('{this is not json', 'UTF8')", topic))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id = 'someone-else'")).isZero();
        assertThat(metrics.deadLetterCount(IngestChannel.READINGS)).isGreaterThanOrEqualTo(deadBefore + 3);
    }

    @Test
    void subscribesToEveryPerUpsTopicAsTheContractsSharedSubscription() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String group = config.getValue("upsfleet.mib.group", String.class);
        assertThat(group).isEqualTo("mib-test");
        String channel = "mp.messaging.incoming." + IngestChannel.MQTT_CHANNEL;
        assertThat(config.getValue(channel + ".topic", String.class)).isEqualTo(Topics.shared(group, Topics.ALL_UPS));
        assertThat(config.getValue(channel + ".qos", Integer.class)).isEqualTo(1);
        for (IngestChannel kind : IngestChannel.values()) {
            String topic = Topics.ALL_UPS.replace("#", "ups-1/" + kind.topicLeaf);
            assertThat(IngestChannel.ofTopic(topic)).as(topic).isEqualTo(kind);
        }
    }

    @Test
    void acknowledgesAndIgnoresPerUpsTopicsItDoesNotStore() {
        String ups = Payloads.upsId("ignored");
        double ignoredBefore = metrics.ignoredCount();
        // alert-service's host-shutdown request and a leaf from a newer producer: not mib-service's business
        mqtt.publishRaw(Topics.hostShutdown(ups), "{\"v\":1}");
        mqtt.publishRaw(Topics.ALL_UPS.replace("#", ups + "/some-future-leaf"), "anything");
        mqtt.publish(Topics.reading(ups), Payloads.reading(ups, Instant.now(), 230.0, "00001000"));

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.ignoredCount() >= ignoredBefore + 2);
        assertThat(db.count("SELECT count(*) FROM dead_letter WHERE topic LIKE ?", "%/" + ups + "/%")).isZero();
        assertThat(db.count("SELECT count(*) FROM event WHERE ups_id = ?", ups)).isZero();
    }

    private static List<String> tokens(Object sqlArray) {
        try {
            return List.of((String[]) ((Array) sqlArray).getArray());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
