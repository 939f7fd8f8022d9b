package io.upsfleet.mib.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions of the history tables: {@code reading} by hour ({@code reading_hYYYYMMDDHH}), and
 * {@code reading_block} by day ({@code reading_block_dYYYYMMDD}), all in UTC. Creating one moves the rows its
 * range holds out of the default partition first (PostgreSQL refuses the partition otherwise).
 */
final class Partitions {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** One partition of a parent: its name and [from, to). */
    record Partition(String name, Instant from, Instant to) {
    }

    private Partitions() {
    }

    static String hourName(Instant hour) {
        return "reading_h" + HOUR.format(hour);
    }

    static String dayName(Instant day) {
        return "reading_block_d" + DAY.format(day);
    }

    /** Makes sure {@code reading} has a partition for the hour starting at {@code hour}. */
    static boolean ensureHour(Connection c, Instant hour) throws SQLException {
        return ensure(c, "reading", "reading_default", "ts", hourName(hour), hour, hour.plus(1, ChronoUnit.HOURS));
    }

    /** Makes sure {@code reading_block} has a partition for the UTC day starting at {@code day}. */
    static boolean ensureDay(Connection c, Instant day) throws SQLException {
        boolean created = ensure(c, "reading_block", "reading_block_default", "hour", dayName(day), day,
                day.plus(1, ChronoUnit.DAYS));
        if (created) {
            try (Statement st = c.createStatement()) {
                // deflated already: no second compression attempt
                st.execute("ALTER TABLE " + dayName(day) + " ALTER COLUMN block SET STORAGE EXTERNAL");
            }
        }
        return created;
    }

    /** The hour partitions of {@code reading}, oldest first (named by {@link #hourName}). */
    static List<Partition> hours(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        for (String name : children(c, "reading")) {
            if (name.matches("reading_h\\d{10}")) {
                Instant from = HOUR.parse(name.substring("reading_h".length()), java.time.LocalDateTime::from)
                        .toInstant(ZoneOffset.UTC);
                out.add(new Partition(name, from, from.plus(1, ChronoUnit.HOURS)));
            }
        }
        out.sort((a, b) -> a.from().compareTo(b.from()));
        return out;
    }

    /** The day partitions of {@code reading_block}, oldest first (named by {@link #dayName}). */
    static List<Partition> days(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        for (String name : children(c, "reading_block")) {
            if (name.matches("reading_block_d\\d{8}")) {
                Instant from = java.time.LocalDate.parse(name.substring("reading_block_d".length()),
                        DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
                out.add(new Partition(name, from, from.plus(1, ChronoUnit.DAYS)));
            }
        }
        out.sort((a, b) -> a.from().compareTo(b.from()));
        return out;
    }

    private static List<String> children(Connection c, String parent) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT child.relname FROM pg_inherits i
                JOIN pg_class child ON child.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = ?""")) {
            st.setString(1, parent);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Drops a partition (and its rows) at once: no DELETE, nothing left for vacuum. */
    static void drop(Connection c, String partition) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE " + partition);
        }
    }

    private static boolean ensure(Connection c, String parent, String defaultPartition, String key, String name,
                                  Instant from, Instant to) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        String range = "'" + from + "' AND " + key + " < '" + to + "'";
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + name + " (LIKE " + parent + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)");
            st.execute("INSERT INTO " + name + " SELECT * FROM " + defaultPartition + " WHERE " + key + " >= " + range);
            st.execute("DELETE FROM " + defaultPartition + " WHERE " + key + " >= " + range);
            st.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + name + " FOR VALUES FROM ('" + from + "') TO ('" + to + "')");
        }
        return true;
    }
}
