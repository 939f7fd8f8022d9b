package io.upsfleet.web.history;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.upsfleet.history.ReadingBlocks;
import io.upsfleet.history.StoredReading;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads mib-service's history: {@code reading} (recent rows), {@code reading_block} (compacted hours, format:
 * module history-format) and {@code reading_1m} (per-minute roll-up).
 */
@ApplicationScoped
public class HistoryRepository {

    @Inject
    Pool pool;

    /** The points of {@code query}'s range in time order, at most {@code limit}. */
    public Uni<List<HistoryPoint>> points(String upsId, HistoryQuery query, int limit) {
        Tuple args = Tuple.of(upsId, query.from().atOffset(ZoneOffset.UTC), query.to().atOffset(ZoneOffset.UTC), limit);
        return query.resolution() == HistoryQuery.Resolution.RAW ? raw(args) : rollup(args);
    }

    /**
     * Full-resolution points: the rows still in {@code reading} (the last hour or so) and the readings of the
     * compacted hours in {@code reading_block}, merged by time (a reading in both is shown once).
     */
    private Uni<List<HistoryPoint>> raw(Tuple args) {
        Uni<TreeMap<Instant, HistoryPoint>> blocks = pool.preparedQuery("SELECT block FROM reading_block"
                        + " WHERE ups_id = $1 AND hour > $2::timestamptz - interval '1 hour' AND hour < $3 ORDER BY hour")
                .execute(Tuple.of(args.getValue(0), args.getValue(1), args.getValue(2)))
                .map(rows -> {
                    TreeMap<Instant, HistoryPoint> points = new TreeMap<>();
                    for (Row r : rows) {
                        for (StoredReading s : ReadingBlocks.decode(r.getBuffer("block").getBytes())) {
                            points.put(s.ts(), point(s.ts(), s.inputVoltage(), s.outputVoltage(), s.loadPercent(),
                                    s.batteryVoltage(), s.batteryCharge(), s.temperature(), s.inputFrequency(), s.flags(),
                                    s.runtimeSeconds()));
                        }
                    }
                    return points;
                });
        Uni<List<HistoryPoint>> rows = pool.preparedQuery("SELECT ts, input_voltage, output_voltage, load_percent, battery_voltage,"
                        + " battery_charge, temperature, input_frequency, flags, runtime_seconds FROM reading"
                        + " WHERE ups_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4")
                .execute(args)
                .map(result -> {
                    List<HistoryPoint> out = new ArrayList<>(result.size());
                    for (Row r : result) {
                        out.add(point(r.getOffsetDateTime("ts").toInstant(), r.getDouble("input_voltage"),
                                r.getDouble("output_voltage"), r.getInteger("load_percent"), r.getDouble("battery_voltage"),
                                r.getDouble("battery_charge"), r.getDouble("temperature"), r.getDouble("input_frequency"),
                                r.getString("flags"), r.getInteger("runtime_seconds")));
                    }
                    return out;
                });
        Instant from = args.getOffsetDateTime(1).toInstant();
        Instant to = args.getOffsetDateTime(2).toInstant();
        int limit = args.getInteger(3);
        return Uni.combine().all().unis(blocks, rows).with((compacted, recent) -> {
            recent.forEach(p -> compacted.put(p.ts(), p));
            return compacted.subMap(from, true, to, false).values().stream().limit(limit).toList();
        });
    }

    private static HistoryPoint point(Instant ts, Double input, Double output, Integer load, Double battery, Double charge,
                                      Double temperature, Double frequency, String flags, Integer runtime) {
        return new HistoryPoint(ts, input, output, load == null ? null : load.doubleValue(), battery, charge, temperature,
                frequency, flags, runtime, flags != null && flags.charAt(0) == '1', null,
                null, null, null, null, null, null, null, null, null, null);
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
