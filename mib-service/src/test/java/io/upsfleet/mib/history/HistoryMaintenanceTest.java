package io.upsfleet.mib.history;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.mib.support.Db;
import io.upsfleet.mib.support.Mqtt;
import io.upsfleet.mib.support.Payloads;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class HistoryMaintenanceTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    HistoryMaintenance history;

    @Test
    void rollsClosedMinutesUpIntoMinMaxAverageAndOnBattery() throws Exception {
        Db db = new Db(dataSource);
        String ups = Payloads.upsId("rollup");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        try (Mqtt mqtt = new Mqtt()) {
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, minute.plusSeconds(5), 230.0, "00001000"));
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, minute.plusSeconds(20), 220.0, "10001000"));
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, minute.plusSeconds(40), 240.0, "00001000"));
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, minute.plusSeconds(70), 200.0, "00001000"));
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, minute.plusSeconds(90), 210.0, "01001000"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 5);

        HistoryMaintenance.Report report = history.runOnce(Instant.now());
        assertThat(report.ran()).isTrue();
        assertRollup(db, ups, minute);
        // running again (another replica, a retry, the relook window) changes nothing
        history.runOnce(Instant.now());
        assertRollup(db, ups, minute);
    }

    private static void assertRollup(Db db, String ups, Instant minute) {
        List<Map<String, Object>> rows = db.list("SELECT bucket, samples, input_voltage_min, input_voltage_avg,"
                + " input_voltage_max, output_voltage_avg, load_percent_max, on_battery FROM reading_1m WHERE ups_id = ? ORDER BY bucket", ups);
        assertThat(rows).hasSize(2);
        Map<String, Object> first = rows.get(0);
        assertThat(((Timestamp) first.get("bucket")).toInstant()).isEqualTo(minute);
        assertThat(first).containsEntry("samples", 3).containsEntry("input_voltage_min", 220.0)
                .containsEntry("input_voltage_max", 240.0).containsEntry("on_battery", true);
        assertThat((Double) first.get("input_voltage_avg")).isCloseTo(230.0, within(1e-9));
        assertThat((Double) first.get("output_voltage_avg")).isCloseTo(230.0, within(1e-9));
        assertThat((Double) first.get("load_percent_max")).isEqualTo(34.0);
        Map<String, Object> second = rows.get(1);
        assertThat(((Timestamp) second.get("bucket")).toInstant()).isEqualTo(minute.plusSeconds(60));
        assertThat(second).containsEntry("samples", 2).containsEntry("on_battery", false);
        assertThat((Double) second.get("input_voltage_avg")).isCloseTo(205.0, within(1e-9));
    }

    @Test
    void keepsReadingsAsBlocksWithinRetentionAndDropsRollupsAndDeadLettersPastTheirs() throws Exception {
        Db db = new Db(dataSource);
        String ups = Payloads.upsId("retention");
        Instant now = Instant.now();
        try (Mqtt mqtt = new Mqtt()) {
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, now.minus(8, ChronoUnit.DAYS), 230.0, "00001000"));
            mqtt.publish(Topics.reading(ups), Payloads.reading(ups, now.minus(1, ChronoUnit.DAYS), 231.0, "00001000"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 2);
        OffsetDateTime old = now.minus(500, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC);
        OffsetDateTime kept = now.minus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC);
        db.update("INSERT INTO reading_1m (ups_id, bucket, samples) VALUES (?, ?, 60), (?, ?, 60)", ups, old, ups, kept);
        String deadTopic = "test/" + ups;
        db.update("INSERT INTO dead_letter (received_at, topic, error) VALUES (now() - interval '40 days', ?, 'old'), (now(), ?, 'new')",
                deadTopic, deadTopic);

        HistoryMaintenance.Report report = history.runOnce(now);
        // late readings are compacted an hour per run: run until this UPS's are through
        for (int run = 0; run < 50 && db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) > 0; run++) {
            history.runOnce(now);
        }

        assertThat(report.ran()).isTrue();
        assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups)).isZero();
        // the 1-day-old reading is kept in a block (full resolution within retention); the 8-day-old one is gone
        List<Object> hours = db.list("SELECT hour FROM reading_block WHERE ups_id = ?", ups).stream().map(r -> r.get("hour")).toList();
        assertThat(hours).hasSize(1);
        assertThat(((Timestamp) hours.get(0)).toInstant()).isAfter(now.minus(2, ChronoUnit.DAYS));
        assertThat(db.list("SELECT bucket FROM reading_1m WHERE ups_id = ? AND bucket < now() - interval '30 days'", ups))
                .extracting(r -> ((Timestamp) r.get("bucket")).toInstant()).containsExactly(kept.toInstant());
        assertThat(db.list("SELECT error FROM dead_letter WHERE topic = ?", deadTopic))
                .extracting(r -> r.get("error")).containsExactly("new");
    }
}
