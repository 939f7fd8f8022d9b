package io.upsfleet.mib.history;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.history.ReadingBlocks;
import io.upsfleet.history.StoredReading;
import io.upsfleet.mib.support.BusAndDatabase;
import io.upsfleet.mib.support.Payloads;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readings leave the row table by compaction: an hour that is old enough and rolled up becomes one block per
 * UPS that gives every reading back exactly, its partition is dropped, late readings are merged into their
 * block, and retention drops whole days of blocks.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class HistoryCompactionTest extends BusAndDatabase {

    @Inject
    HistoryCompaction compaction;

    private static Reading reading(String ups, Instant ts, Double input, Double temperature, String flags) {
        return new Reading(Reading.VERSION, ups, "gw-test", ts, input, 0.0, 230.1, 34, 49.9, 2.27, temperature, flags,
                null, 87.5, 1200);
    }

    private static StoredReading stored(Reading r) {
        return new StoredReading(r.ts(), r.inputVoltage(), r.inputFaultVoltage(), r.outputVoltage(), r.loadPercent(),
                r.inputFrequency(), r.batteryVoltage(), r.temperature(), r.flags(), r.batteryCharge(), r.runtimeSeconds());
    }

    private List<StoredReading> block(String ups, Instant hour) {
        byte[] bytes = (byte[]) db.one("SELECT block FROM reading_block WHERE ups_id = ? AND hour = ?", ups,
                java.sql.Timestamp.from(hour)).get("block");
        return ReadingBlocks.decode(bytes);
    }

    @Test
    void anHourBecomesOneExactBlockPerUpsAndItsPartitionIsDropped() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        String a = Payloads.upsId("cmpa");
        String b = Payloads.upsId("cmpb");
        List<Reading> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(reading(a, hour.plusSeconds(i).plusMillis(7), 230.1 + i / 10.0, i == 2 ? null : 28.5, "00001000"));
            sent.add(reading(b, hour.plusSeconds(100 + i), 0.1 + 0.2 * i, null, i == 4 ? "11001001" : "00001001"));
        }
        sent.forEach(r -> mqtt.publish(Topics.reading(r.upsId()), r));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id IN (?, ?)", a, b) == 10);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Partitions.ensureHour(c, hour); // the partition an earlier hour of live ingest would have had
            c.commit();
        }
        assertThat(db.count("SELECT count(*) FROM " + Partitions.hourName(hour) + " WHERE ups_id IN (?, ?)", a, b)).isEqualTo(10);

        HistoryCompaction.Report report = compaction.run(Instant.now(), Instant.now());

        assertThat(report.hoursCompacted()).isPositive();
        assertThat(db.one("SELECT to_regclass(?) IS NULL AS gone", Partitions.hourName(hour))).containsEntry("gone", true);
        assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id IN (?, ?)", a, b)).isZero();
        assertThat(block(a, hour)).isEqualTo(sent.stream().filter(r -> r.upsId().equals(a)).map(HistoryCompactionTest::stored).toList());
        assertThat(block(b, hour)).isEqualTo(sent.stream().filter(r -> r.upsId().equals(b)).map(HistoryCompactionTest::stored).toList());
        assertThat(db.one("SELECT readings, first_ts, last_ts FROM reading_block WHERE ups_id = ?", a))
                .containsEntry("readings", 5);

        // a late reading of that hour (and a redelivered one) is merged into the block, once
        Reading late = reading(a, hour.plusSeconds(30), 231.0, 28.0, "00001000");
        mqtt.publish(Topics.reading(a), late);
        mqtt.publish(Topics.reading(a), sent.get(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", a) == 2);
        for (int run = 0; run < 30 && db.count("SELECT count(*) FROM reading WHERE ups_id = ?", a) > 0; run++) {
            compaction.run(Instant.now(), Instant.now()); // one hour of late readings per run
        }
        List<StoredReading> merged = block(a, hour);
        assertThat(merged).hasSize(6).contains(stored(late));
        assertThat(merged.stream().map(StoredReading::ts).distinct().count()).isEqualTo(6);
    }

    @Test
    void retentionDropsWholeDaysOfBlocks() throws Exception {
        Instant oldDay = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(9, ChronoUnit.DAYS);
        String ups = Payloads.upsId("cmpold");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Partitions.ensureDay(c, oldDay);
            c.commit();
        }
        byte[] block = ReadingBlocks.encode(List.of(stored(reading(ups, oldDay.plusSeconds(5), 230.0, null, "00001000"))));
        db.update("INSERT INTO reading_block (ups_id, hour, readings, first_ts, last_ts, block) VALUES (?, ?, 1, ?, ?, ?)",
                ups, java.sql.Timestamp.from(oldDay), java.sql.Timestamp.from(oldDay), java.sql.Timestamp.from(oldDay), block);
        db.update("INSERT INTO reading_block (ups_id, hour, readings, first_ts, last_ts, block) VALUES (?, ?, 1, ?, ?, ?)",
                ups, java.sql.Timestamp.from(oldDay.minus(3, ChronoUnit.DAYS)), java.sql.Timestamp.from(oldDay),
                java.sql.Timestamp.from(oldDay), block); // no partition for that day: in the default partition

        HistoryCompaction.Report report = compaction.run(Instant.now(), Instant.now());

        assertThat(report.blockDaysDropped()).isPositive();
        assertThat(db.one("SELECT to_regclass(?) IS NULL AS gone", Partitions.dayName(oldDay))).containsEntry("gone", true);
        assertThat(db.count("SELECT count(*) FROM reading_block WHERE ups_id = ?", ups)).isZero();
    }

    @Test
    void hourPartitionsExistAheadAndBlocksAreStoredWithoutASecondCompression() throws Exception {
        compaction.run(Instant.now(), Instant.now());
        Instant next = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(47, ChronoUnit.HOURS);
        assertThat(db.one("SELECT to_regclass(?) IS NOT NULL AS there", Partitions.hourName(next))).containsEntry("there", true);
        assertThat(db.one("""
                SELECT a.attstorage AS storage FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                WHERE c.relname = ? AND a.attname = 'block'""", Partitions.dayName(Instant.now().truncatedTo(ChronoUnit.DAYS))))
                .containsEntry("storage", "e");
    }
}
