package io.upsfleet.mib.history;

import io.agroal.api.AgroalDataSource;
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
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps the reading history compact: creates the hour partitions of {@code reading} ahead of time, compacts
 * each hour that is rolled up and old enough into {@code reading_block} and drops its partition, sweeps late
 * readings out of the default partition, and applies retention by dropping whole days of blocks. Each step
 * is a transaction of its own, on one connection that holds a session advisory lock, so one replica at a
 * time compacts.
 */
@ApplicationScoped
public class HistoryCompaction {

    private static final Logger LOG = Logger.getLogger(HistoryCompaction.class);
    /** Session advisory lock key: "upsf" + 2. */
    private static final long LOCK_KEY = 0x7570_7366_0002L;
    /** What one run did. */
    public record Report(int partitionsCreated, int hoursCompacted, long readingsCompacted, long strayReadings,
                         int blockDaysDropped) {
    }

    private final AgroalDataSource dataSource;
    private final MibConfig config;

    public HistoryCompaction(AgroalDataSource dataSource, MibConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * @param now        the time of the run
     * @param rolledUpTo the roll-up's watermark: nothing at or after it (minus its relook) is compacted yet
     */
    public Report run(Instant now, Instant rolledUpTo) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!lock(c, "pg_try_advisory_lock")) {
                return new Report(0, 0, 0, 0, 0);
            }
            try {
                c.setAutoCommit(false);
                return run(c, now, rolledUpTo);
            } finally {
                c.setAutoCommit(true);
                lock(c, "pg_advisory_unlock");
            }
        }
    }

    private Report run(Connection connection, Instant now, Instant rolledUpTo) throws SQLException {
        Steps steps = new Steps(connection);
        MibConfig.History history = config.history();
        int created = 0;
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        for (Instant h = hour; !h.isAfter(hour.plus(history.partitionsAhead())); h = h.plus(1, ChronoUnit.HOURS)) {
            Instant at = h;
            created += steps.run(c -> Partitions.ensureHour(c, at) ? 1 : 0);
        }
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        for (int d = -1; d <= 2; d++) {
            Instant at = day.plus(d, ChronoUnit.DAYS);
            created += steps.run(c -> Partitions.ensureDay(c, at) ? 1 : 0);
        }

        Instant cutoff = min(now.minus(history.compactAfter()), rolledUpTo.minus(history.relook())).truncatedTo(ChronoUnit.HOURS);
        int hours = 0;
        long readings = 0;
        for (Partitions.Partition p : steps.run(Partitions::hours)) {
            if (p.to().isAfter(cutoff)) {
                break;
            }
            readings += steps.run(c -> compactHour(c, p));
            hours++;
        }
        long stray = steps.run(c -> sweepDefault(c, cutoff));

        Instant keepFrom = now.minus(config.retention().raw()).truncatedTo(ChronoUnit.DAYS);
        int dropped = 0;
        for (Partitions.Partition p : steps.run(Partitions::days)) {
            if (!p.to().isAfter(keepFrom)) {
                steps.run(c -> {
                    Partitions.drop(c, p.name());
                    return null;
                });
                dropped++;
            }
        }
        steps.run(c -> update(c, "DELETE FROM reading_block_default WHERE hour < ?", keepFrom));
        if (hours > 0 || stray > 0 || dropped > 0) {
            LOG.infof("History compacted: %d hour(s), %d readings into blocks, %d late readings, %d day(s) of blocks past"
                    + " retention dropped", hours, readings, stray, dropped);
        }
        return new Report(created, hours, readings, stray, dropped);
    }

    /** One hour partition into blocks, then the partition dropped, in one transaction. */
    private static long compactHour(Connection c, Partitions.Partition p) throws SQLException {
        Set<String> withBlocks = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement("SELECT ups_id FROM reading_block WHERE hour >= ? AND hour < ?")) {
            st.setObject(1, p.from().atOffset(ZoneOffset.UTC));
            st.setObject(2, p.to().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    withBlocks.add(rs.getString(1));
                }
            }
        }
        long readings = BlockWriter.compact(c, withBlocks, p.name(), "true");
        Partitions.drop(c, p.name());
        return readings;
    }

    /**
     * Readings that landed in the default partition (late, or from before the partitions existed) into
     * blocks, the oldest hour of them per run (the next run takes the next hour).
     */
    private static long sweepDefault(Connection c, Instant before) throws SQLException {
        Instant from;
        try (PreparedStatement st = c.prepareStatement("SELECT min(ts) FROM reading_default WHERE ts < ?")) {
            st.setObject(1, before.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime oldest = rs.getObject(1, OffsetDateTime.class);
                if (oldest == null) {
                    return 0;
                }
                from = oldest.toInstant().truncatedTo(ChronoUnit.HOURS);
            }
        }
        Instant to = min(before, from.plus(1, ChronoUnit.HOURS));
        long readings = BlockWriter.compact(c, null, "reading_default", "ts >= ? AND ts < ?",
                from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        try (PreparedStatement st = c.prepareStatement("DELETE FROM reading_default WHERE ts >= ? AND ts < ?")) {
            st.setObject(1, from.atOffset(ZoneOffset.UTC));
            st.setObject(2, to.atOffset(ZoneOffset.UTC));
            st.executeUpdate();
        }
        return readings;
    }

    private static int update(Connection c, String sql, Instant at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, at.atOffset(ZoneOffset.UTC));
            return st.executeUpdate();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + function + "(?)")) {
            st.setLong(1, LOCK_KEY);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Each step a transaction on the locked connection. */
    private record Steps(Connection c) {
        <T> T run(Work<T> work) throws SQLException {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
