package io.upsfleet.web;

import io.upsfleet.contracts.EventLogEntry;
import io.upsfleet.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes rows the way mib-service would, so web-api's reads are tested against real SQL. */
@ApplicationScoped
public class Seed {

    @Inject
    DataSource ds;

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void ups(String id, String site, List<String> tags, String comm, String flags, List<String> status, Instant lastReadingTs) {
        exec("INSERT INTO ups (ups_id, gateway_id, name, site, tags, manufacturer, model, firmware, rated_voltage, rated_current,"
                        + " nominal_battery_voltage, rated_frequency, comm, flags, status, status_ts, last_reading_ts, input_voltage,"
                        + " input_fault_voltage, output_voltage, load_percent, input_frequency, battery_voltage, temperature,"
                        + " battery_charge, runtime_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id, "gw-1", "UPS " + id, site, tags.toArray(new String[0]), "ACME", "Q1-1000", "V1.0", 230.0, 5.0, 24.0, 50.0,
                comm, flags, status.toArray(new String[0]), ts(lastReadingTs), ts(lastReadingTs), 229.5, 140.0, 230.1, 34, 50.0,
                27.3, 35.0, 91.0, 1200);
    }

    public void reading(String id, Instant ts, double inputVoltage, int load, double batteryVoltage, String flags) {
        exec("INSERT INTO reading (ups_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent, input_frequency,"
                        + " battery_voltage, temperature, flags, battery_charge, runtime_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                id, ts(ts), inputVoltage, 140.0, 230.0, load, 50.0, batteryVoltage, 30.0, flags, 80.0, 900);
    }

    public void minute(String id, Instant bucket, double inputAvg, boolean onBattery) {
        exec("INSERT INTO reading_1m (ups_id, bucket, samples, input_voltage_min, input_voltage_avg, input_voltage_max,"
                        + " output_voltage_avg, load_percent_avg, battery_voltage_avg, battery_charge_avg, on_battery)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                id, ts(bucket), 60, inputAvg - 1, inputAvg, inputAvg + 1, 230.0, 30.0, 27.0, 95.0, onBattery);
    }

    public void event(String eventId, String upsId, Instant ts, String kind, String type, String severity, String message) {
        exec("INSERT INTO event (event_id, ups_id, ts, kind, type, severity, message) VALUES (?,?,?,?,?,?,?)",
                eventId, upsId, ts(ts), kind, type, severity, message);
    }

    /** An entry of the event log exactly as mib-service records a payload (id, kind, ... and the payload as details). */
    public void logged(EventLogEntry entry) {
        exec("INSERT INTO event (event_id, ups_id, ts, kind, type, severity, message, details) VALUES (?,?,?,?,?,?,?,?::jsonb)",
                entry.logId(), entry.upsId(), ts(entry.ts()), entry.logKind(), entry.logType(), entry.logSeverity().name(),
                entry.logMessage(), Json.toString(entry));
    }

    /** The first row of a query, column name to value (empty map when there is none). */
    public java.util.Map<String, Object> one(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (java.sql.ResultSet rs = st.executeQuery()) {
                java.util.Map<String, Object> row = new java.util.HashMap<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long count(String sql, Object... args) {
        return ((Number) one(sql, args).values().iterator().next()).longValue();
    }

    public void exec(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof String[] arr) {
                    st.setArray(i + 1, c.createArrayOf("text", arr));
                } else {
                    st.setObject(i + 1, a);
                }
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }
}
