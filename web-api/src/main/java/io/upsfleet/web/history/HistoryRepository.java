package io.upsfleet.web.history;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads mib-service's {@code reading} (raw) and {@code reading_1m} (per-minute roll-up) tables. */
@ApplicationScoped
public class HistoryRepository {

    @Inject
    Pool pool;

    /** The points of {@code query}'s range in time order, at most {@code limit}. */
    public Uni<List<HistoryPoint>> points(String upsId, HistoryQuery query, int limit) {
        Tuple args = Tuple.of(upsId, query.from().atOffset(ZoneOffset.UTC), query.to().atOffset(ZoneOffset.UTC), limit);
        return query.resolution() == HistoryQuery.Resolution.RAW ? raw(args) : rollup(args);
    }

    private Uni<List<HistoryPoint>> raw(Tuple args) {
        return pool.preparedQuery("SELECT ts, input_voltage, output_voltage, load_percent, battery_voltage, battery_charge,"
                        + " temperature, input_frequency, flags, runtime_seconds FROM reading"
                        + " WHERE ups_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4")
                .execute(args)
                .map(rows -> {
                    List<HistoryPoint> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        Integer load = r.getInteger("load_percent");
                        String flags = r.getString("flags");
                        out.add(new HistoryPoint(r.getOffsetDateTime("ts").toInstant(), r.getDouble("input_voltage"),
                                r.getDouble("output_voltage"), load == null ? null : load.doubleValue(), r.getDouble("battery_voltage"),
                                r.getDouble("battery_charge"), r.getDouble("temperature"), r.getDouble("input_frequency"),
                                flags, r.getInteger("runtime_seconds"), flags != null && flags.charAt(0) == '1', null,
                                null, null, null, null, null, null, null, null, null, null));
                    }
                    return out;
                });
    }

    private Uni<List<HistoryPoint>> rollup(Tuple args) {
        return pool.preparedQuery("SELECT * FROM reading_1m WHERE ups_id = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket LIMIT $4")
                .execute(args)
                .map(rows -> {
                    List<HistoryPoint> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new HistoryPoint(r.getOffsetDateTime("bucket").toInstant(), r.getDouble("input_voltage_avg"),
                                r.getDouble("output_voltage_avg"), r.getDouble("load_percent_avg"), r.getDouble("battery_voltage_avg"),
                                r.getDouble("battery_charge_avg"), r.getDouble("temperature_avg"), r.getDouble("input_frequency_avg"),
                                null, null, r.getBoolean("on_battery"), r.getInteger("samples"),
                                r.getDouble("input_voltage_min"), r.getDouble("input_voltage_max"),
                                r.getDouble("output_voltage_min"), r.getDouble("output_voltage_max"),
                                r.getDouble("load_percent_min"), r.getDouble("load_percent_max"),
                                r.getDouble("battery_voltage_min"), r.getDouble("battery_voltage_max"),
                                r.getDouble("battery_charge_min"), r.getDouble("battery_charge_max")));
                    }
                    return out;
                });
    }
}
