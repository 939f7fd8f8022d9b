package io.upsfleet.mib.history;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.upsfleet.mib.MibConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Downsamples raw readings into per-minute rows of {@code reading_1m}, enforces retention of roll-ups and
 * dead letters, and has the history compacted ({@link HistoryCompaction}, which keeps raw readings compact
 * and drops them past their retention). Runs periodically on every replica, but a transaction-level
 * PostgreSQL advisory lock lets only one of them work at a time; the others skip that run. The roll-up is
 * an idempotent upsert that recomputes whole minutes from the raw rows, so re-running it (after a crash,
 * or with a relook window) never double-counts.
 */
@ApplicationScoped
public class HistoryMaintenance {

    private static final Logger LOG = Logger.getLogger(HistoryMaintenance.class);
    /** Advisory lock key: "upsf" + 1. */
    private static final long LOCK_KEY = 0x7570_7366_0001L;
    private static final String ROLLUP_JOB = "reading_1m";

    private static final String ROLLUP = """
            INSERT INTO reading_1m (ups_id, bucket, samples,
                input_voltage_min, input_voltage_avg, input_voltage_max,
                output_voltage_min, output_voltage_avg, output_voltage_max,
                load_percent_min, load_percent_avg, load_percent_max,
                input_frequency_avg,
                battery_voltage_min, battery_voltage_avg, battery_voltage_max,
                battery_charge_min, battery_charge_avg, battery_charge_max,
                temperature_avg, on_battery)
            SELECT ups_id, date_trunc('minute', ts, 'UTC'), count(*),
                min(input_voltage), avg(input_voltage), max(input_voltage),
                min(output_voltage), avg(output_voltage), max(output_voltage),
                min(load_percent), avg(load_percent), max(load_percent),
                avg(input_frequency),
                min(battery_voltage), avg(battery_voltage), max(battery_voltage),
                min(battery_charge), avg(battery_charge), max(battery_charge),
                avg(temperature), bool_or(substr(flags, 1, 1) = '1')
            FROM reading
            WHERE ts >= ? AND ts < ?
            GROUP BY 1, 2
            ON CONFLICT (ups_id, bucket) DO UPDATE SET samples = EXCLUDED.samples,
                input_voltage_min = EXCLUDED.input_voltage_min, input_voltage_avg = EXCLUDED.input_voltage_avg,
                input_voltage_max = EXCLUDED.input_voltage_max,
                output_voltage_min = EXCLUDED.output_voltage_min, output_voltage_avg = EXCLUDED.output_voltage_avg,
                output_voltage_max = EXCLUDED.output_voltage_max,
                load_percent_min = EXCLUDED.load_percent_min, load_percent_avg = EXCLUDED.load_percent_avg,
                load_percent_max = EXCLUDED.load_percent_max,
                input_frequency_avg = EXCLUDED.input_frequency_avg,
                battery_voltage_min = EXCLUDED.battery_voltage_min, battery_voltage_avg = EXCLUDED.battery_voltage_avg,
                battery_voltage_max = EXCLUDED.battery_voltage_max,
                battery_charge_min = EXCLUDED.battery_charge_min, battery_charge_avg = EXCLUDED.battery_charge_avg,
                battery_charge_max = EXCLUDED.battery_charge_max,
                temperature_avg = EXCLUDED.temperature_avg, on_battery = EXCLUDED.on_battery
            """;

    /** What one run did; {@code ran} is false when another replica held the lock. */
    public record Report(boolean ran, Instant rolledUpFrom, Instant rolledUpTo, int bucketsWritten,
                         int bucketsDeleted, int deadLettersDeleted, HistoryCompaction.Report compaction) {
        static Report skipped() {
            return new Report(false, null, null, 0, 0, 0, null);
        }
    }

    private final AgroalDataSource dataSource;
    private final MibConfig config;
    private final HistoryCompaction compaction;
    private final Counter bucketsWritten;
    private final Counter readingsCompacted;
    private final Counter runsFailed;

    public HistoryMaintenance(AgroalDataSource dataSource, MibConfig config, HistoryCompaction compaction,
                              MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.compaction = compaction;
        this.bucketsWritten = Counter.builder("upsfleet.mib.rollup.buckets.written")
                .description("Per-minute roll-up rows written").register(registry);
        this.readingsCompacted = Counter.builder("upsfleet.mib.history.readings.compacted")
                .description("Readings compacted from rows into blocks").register(registry);
        this.runsFailed = Counter.builder("upsfleet.mib.history.runs.failed")
                .description("History maintenance runs that failed (retried at the next run)").register(registry);
    }

    @Scheduled(every = "${upsfleet.mib.history.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.history().enabled()) {
            return;
        }
        try {
            Report report = runOnce(Instant.now());
            if (report.ran() && report.bucketsWritten() > 0) {
                LOG.debugf("History maintenance: %s", report);
            }
        } catch (SQLException | RuntimeException e) {
            runsFailed.increment();
            LOG.warnf("History maintenance failed, will run again later: %s", e.toString());
        }
    }

    /**
     * One run as of {@code now}: roll up closed minutes and apply retention of roll-ups and dead letters
     * (one transaction), then compact the history ({@link HistoryCompaction}).
     */
    public Report runOnce(Instant now) throws SQLException {
        Report report;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return Report.skipped();
                }
                report = run(c, now);
                c.commit();
                bucketsWritten.increment(report.bucketsWritten());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        HistoryCompaction.Report compacted = compaction.run(now, report.rolledUpTo());
        readingsCompacted.increment(compacted.readingsCompacted() + compacted.strayReadings());
        return new Report(true, report.rolledUpFrom(), report.rolledUpTo(), report.bucketsWritten(), report.bucketsDeleted(),
                report.deadLettersDeleted(), compacted);
    }

    private Report run(Connection c, Instant now) throws SQLException {
        MibConfig.History history = config.history();
        Instant to = now.minus(history.grace()).truncatedTo(ChronoUnit.MINUTES);
        Instant watermark = watermark(c);
        Instant from;
        if (watermark != null) {
            from = watermark.minus(history.relook());
        } else {
            Instant oldest = oldestReading(c);
            from = oldest == null ? to : oldest.truncatedTo(ChronoUnit.MINUTES);
        }
        if (from.plus(history.maxWindow()).isBefore(to)) {
            to = from.plus(history.maxWindow());
        }
        int buckets = 0;
        if (from.isBefore(to)) {
            try (PreparedStatement st = c.prepareStatement(ROLLUP)) {
                st.setObject(1, from.atOffset(ZoneOffset.UTC));
                st.setObject(2, to.atOffset(ZoneOffset.UTC));
                buckets = st.executeUpdate();
            }
        }
        if (watermark == null || to.isAfter(watermark)) {
            setWatermark(c, to);
            watermark = to;
        }

        // Readings leave `reading` by compaction (HistoryCompaction), not by DELETE.
        int rollups = delete(c, "DELETE FROM reading_1m WHERE bucket < ?", now.minus(config.retention().rollup()));
        int deadLetters = delete(c, "DELETE FROM dead_letter WHERE coalesce(last_received_at, received_at) < ?",
                now.minus(config.retention().deadLetters()));
        return new Report(true, from, watermark, buckets, rollups, deadLetters, null);
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            st.setLong(1, LOCK_KEY);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Instant watermark(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT watermark FROM mib_job_state WHERE job = ?")) {
            st.setString(1, ROLLUP_JOB);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    private static Instant oldestReading(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT min(ts) FROM reading");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            OffsetDateTime ts = rs.getObject(1, OffsetDateTime.class);
            return ts == null ? null : ts.toInstant();
        }
    }

    private static void setWatermark(Connection c, Instant watermark) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO mib_job_state (job, watermark) VALUES (?, ?)
                ON CONFLICT (job) DO UPDATE SET watermark = EXCLUDED.watermark, updated_at = now()""")) {
            st.setString(1, ROLLUP_JOB);
            st.setObject(2, watermark.atOffset(ZoneOffset.UTC));
            st.executeUpdate();
        }
    }

    private static int delete(Connection c, String sql, Instant before) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, before.atOffset(ZoneOffset.UTC));
            return st.executeUpdate();
        }
    }

}
