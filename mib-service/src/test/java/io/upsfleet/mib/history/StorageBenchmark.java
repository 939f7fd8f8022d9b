package io.upsfleet.mib.history;

import io.upsfleet.history.ReadingBlocks;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Storage benchmark of the reading history (not a test; {@code mib-service/bench/storage.sh}): U simulated
 * UPS x H hours of 1 s readings into hour partitions of a fresh database, their size as rows (the anchor),
 * compacted into blocks, their size as blocks, and 24 h of one UPS read back and decoded (p50/p99).
 *
 * <p>Args: jdbc-url user password ups hours reads.
 */
public final class StorageBenchmark {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int upsCount = Integer.parseInt(args[3]);
        int hours = Integer.parseInt(args[4]);
        int reads = Integer.parseInt(args[5]);
        Flyway.configure().dataSource(url, args[1], args[2]).locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
            c.setAutoCommit(false);
            Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
            Instant start = end.minus(hours, ChronoUnit.HOURS);
            List<Partitions.Partition> partitions = new ArrayList<>();
            for (Instant h = start; h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
                Partitions.ensureHour(c, h);
                partitions.add(new Partitions.Partition(Partitions.hourName(h), h, h.plus(1, ChronoUnit.HOURS)));
            }
            for (Instant d = start.truncatedTo(ChronoUnit.DAYS); d.isBefore(end); d = d.plus(1, ChronoUnit.DAYS)) {
                Partitions.ensureDay(c, d);
            }
            c.commit();

            long t0 = System.nanoTime();
            long readings = load(c, upsCount, start, end);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            exec(c, "ANALYZE reading");
            c.commit();
            long rowBytes = 0;
            for (Partitions.Partition p : partitions) {
                rowBytes += size(c, p.name());
            }

            t0 = System.nanoTime();
            for (Partitions.Partition p : partitions) {
                BlockWriter.compact(c, java.util.Set.of(), p.name(), "true");
                Partitions.drop(c, p.name());
                c.commit();
            }
            double compactSeconds = (System.nanoTime() - t0) / 1e9;
            exec(c, "VACUUM ANALYZE reading_block");
            long blockBytes = 0;
            for (Partitions.Partition p : Partitions.days(c)) {
                blockBytes += size(c, p.name());
            }
            long[] latencies = readBack(c, upsCount, end, reads);

            System.out.printf(Locale.ROOT, "%n  %-44s %,d readings (%d UPS x %d h at 1 s), loaded by COPY in %.1f s%n",
                    "history storage", readings, upsCount, hours, loadSeconds);
            System.out.printf(Locale.ROOT, "  %-44s %8.1f bytes/reading (table + index + toast)%n", "as rows (hour partitions)",
                    rowBytes / (double) readings);
            System.out.printf(Locale.ROOT, "  %-44s %8.1f bytes/reading  (%.1f %% of rows)%n", "as blocks (day partitions)",
                    blockBytes / (double) readings, 100.0 * blockBytes / rowBytes);
            System.out.printf(Locale.ROOT, "  %-44s %,8.0f readings/s (%.1f s)%n", "compaction", readings / compactSeconds,
                    compactSeconds);
            System.out.printf(Locale.ROOT, "  %-44s p50 %.1f ms  p99 %.1f ms  max %.1f ms (%d reads)%n",
                    "24 h of one UPS read back and decoded", latencies[latencies.length / 2] / 1e6,
                    latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1e6,
                    latencies[latencies.length - 1] / 1e6, latencies.length);
        }
    }

    /** Readings as a healthy fleet sends them: noisy mains, slowly moving load and battery, poll jitter. */
    private static long load(Connection c, int upsCount, Instant start, Instant end) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Random random = new Random(42);
        long total = 0;
        for (int u = 0; u < upsCount; u++) {
            String ups = String.format(Locale.ROOT, "bench-%05d", u);
            StringBuilder rows = new StringBuilder(1 << 20);
            double load = 20 + random.nextInt(60);
            double battery = 27.0 + random.nextDouble();
            for (long ms = start.toEpochMilli(); ms < end.toEpochMilli(); ms += 1000) {
                long ts = ms + random.nextInt(21) - 10;
                load = Math.max(5, Math.min(100, load + (random.nextInt(100) == 0 ? random.nextInt(11) - 5 : 0)));
                battery = Math.max(26.0, Math.min(27.6, battery + (random.nextInt(50) == 0 ? (random.nextBoolean() ? 0.1 : -0.1) : 0)));
                rows.append(ups).append('\t').append(Instant.ofEpochMilli(ts)).append('\t')
                        .append(one(230 + random.nextDouble(-2, 2))).append("\t0.0\t").append(one(230 + random.nextDouble(-0.5, 0.5)))
                        .append('\t').append((int) load).append('\t').append(one(50 + random.nextDouble(-0.1, 0.1))).append('\t')
                        .append(one(battery)).append("\t28.0\t00001001\t100.0\t").append((int) (36000 / load)).append('\n');
                total++;
            }
            copy.copyIn("COPY reading (ups_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent,"
                    + " input_frequency, battery_voltage, temperature, flags, battery_charge, runtime_seconds) FROM STDIN",
                    new StringReader(rows.toString()));
            c.commit();
        }
        return total;
    }

    private static long[] readBack(Connection c, int upsCount, Instant end, int reads) throws SQLException {
        Random random = new Random(7);
        long[] latencies = new long[reads];
        try (PreparedStatement st = c.prepareStatement(
                "SELECT block FROM reading_block WHERE ups_id = ? AND hour >= ? AND hour < ? ORDER BY hour")) {
            for (int i = 0; i < reads; i++) {
                long t0 = System.nanoTime();
                st.setString(1, String.format(Locale.ROOT, "bench-%05d", random.nextInt(upsCount)));
                st.setObject(2, end.minus(24, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC));
                st.setObject(3, end.atOffset(ZoneOffset.UTC));
                int n = 0;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        n += ReadingBlocks.decode(rs.getBytes(1)).size();
                    }
                }
                if (n == 0) {
                    throw new IllegalStateException("read back nothing");
                }
                latencies[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static long size(Connection c, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_total_relation_size(?::regclass)")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
