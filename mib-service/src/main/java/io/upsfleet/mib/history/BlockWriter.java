package io.upsfleet.mib.history;

import io.upsfleet.history.ReadingBlocks;
import io.upsfleet.history.StoredReading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns rows of {@code reading} into {@code reading_block} rows: one per UPS and hour. A block that exists
 * already (readings that arrived after their hour was compacted) is decoded and merged, so a reading is
 * never lost and never stored twice.
 */
final class BlockWriter {

    static final String COLUMNS = "ups_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent,"
            + " input_frequency, battery_voltage, temperature, flags, battery_charge, runtime_seconds";
    private static final int BATCH = 500;

    private BlockWriter() {
    }

    /**
     * Reads {@code source} rows matching {@code where} (ordered by UPS and time, streamed) and writes their
     * blocks; returns the number of readings compacted.
     *
     * @param withBlocks the UPS that may have a block stored for these hours already (merged), or null when
     *                   any may
     */
    static long compact(Connection c, java.util.Set<String> withBlocks, String source, String where, Object... args)
            throws SQLException {
        long readings = 0;
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM " + source + " WHERE " + where
                + " ORDER BY ups_id, ts")) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery(); Upserts out = new Upserts(c, withBlocks)) {
                String ups = null;
                Map<Instant, List<StoredReading>> hours = new TreeMap<>();
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (!id.equals(ups)) {
                        out.write(ups, hours);
                        ups = id;
                        hours = new TreeMap<>();
                    }
                    StoredReading r = row(rs);
                    hours.computeIfAbsent(r.ts().truncatedTo(ChronoUnit.HOURS), h -> new ArrayList<>()).add(r);
                    readings++;
                }
                out.write(ups, hours);
            }
        }
        return readings;
    }

    private static StoredReading row(ResultSet rs) throws SQLException {
        return new StoredReading(rs.getObject(2, OffsetDateTime.class).toInstant(), dbl(rs, 3), dbl(rs, 4), dbl(rs, 5),
                integer(rs, 6), dbl(rs, 7), dbl(rs, 8), dbl(rs, 9), rs.getString(10), dbl(rs, 11), integer(rs, 12));
    }

    private static Double dbl(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** Batched upserts of blocks, merging with a block already stored for the same UPS and hour. */
    private static final class Upserts implements AutoCloseable {

        private final Connection c;
        private final java.util.Set<String> withBlocks;
        private final PreparedStatement insert;
        private int pending;

        Upserts(Connection c, java.util.Set<String> withBlocks) throws SQLException {
            this.c = c;
            this.withBlocks = withBlocks;
            this.insert = c.prepareStatement("""
                    INSERT INTO reading_block (ups_id, hour, readings, first_ts, last_ts, block) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (ups_id, hour) DO UPDATE SET readings = EXCLUDED.readings, first_ts = EXCLUDED.first_ts,
                        last_ts = EXCLUDED.last_ts, block = EXCLUDED.block""");
        }

        void write(String ups, Map<Instant, List<StoredReading>> hours) throws SQLException {
            if (ups == null) {
                return;
            }
            Map<Instant, byte[]> stored = withBlocks == null || withBlocks.contains(ups) ? stored(ups, hours.keySet()) : Map.of();
            for (Map.Entry<Instant, List<StoredReading>> hour : hours.entrySet()) {
                List<StoredReading> readings = merge(stored.get(hour.getKey()), hour.getValue());
                insert.setString(1, ups);
                insert.setObject(2, hour.getKey().atOffset(ZoneOffset.UTC));
                insert.setInt(3, readings.size());
                insert.setObject(4, readings.get(0).ts().atOffset(ZoneOffset.UTC));
                insert.setObject(5, readings.get(readings.size() - 1).ts().atOffset(ZoneOffset.UTC));
                insert.setBytes(6, ReadingBlocks.encode(readings));
                insert.addBatch();
                if (++pending >= BATCH) {
                    flush();
                }
            }
        }

        /** Blocks already stored for these hours of the UPS (late readings are rare: usually none). */
        private Map<Instant, byte[]> stored(String ups, java.util.Set<Instant> hours) throws SQLException {
            Map<Instant, byte[]> out = new HashMap<>();
            Instant first = java.util.Collections.min(hours);
            Instant last = java.util.Collections.max(hours);
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT hour, block FROM reading_block WHERE ups_id = ? AND hour >= ? AND hour <= ?")) {
                st.setString(1, ups);
                st.setObject(2, first.atOffset(ZoneOffset.UTC));
                st.setObject(3, last.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getBytes(2));
                    }
                }
            }
            return out;
        }

        /** The stored readings and the new ones, by time; a redelivered reading (same time) is kept once. */
        private static List<StoredReading> merge(byte[] stored, List<StoredReading> fresh) {
            if (stored == null) {
                return fresh;
            }
            TreeMap<Instant, StoredReading> byTime = new TreeMap<>();
            ReadingBlocks.decode(stored).forEach(r -> byTime.put(r.ts(), r));
            fresh.forEach(r -> byTime.putIfAbsent(r.ts(), r));
            return new ArrayList<>(byTime.values());
        }

        private void flush() throws SQLException {
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                insert.close();
            }
        }
    }
}
