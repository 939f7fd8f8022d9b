package io.upsfleet.web.fleet;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the denormalised {@code ups} table that mib-service maintains. web-api never writes it. */
@ApplicationScoped
public class FleetRepository {

    private static final String COLUMNS = "ups_id, name, site, tags, gateway_id, comm, flags, status, status_ts, last_reading_ts,"
            + " input_voltage, input_fault_voltage, output_voltage, load_percent, input_frequency, battery_voltage, temperature,"
            + " battery_charge, runtime_seconds, updated_at, " + Stale.SQL + " AS stale";
    private static final String DETAIL_COLUMNS = COLUMNS + ", manufacturer, model, firmware,"
            + " rated_voltage, rated_current, nominal_battery_voltage, rated_frequency";

    /** Whether the latest reading is older than {@code upsfleet.fleet.stale-after} ({@code $1} of every query). */
    private static final class Stale {
        static final String SQL = "(last_reading_ts IS NULL OR last_reading_ts < now() - make_interval(secs => $1))";
    }

    @Inject
    Pool pool;
    @Inject
    FleetConfig config;

    private Tuple withStaleAfter() {
        return Tuple.of(config.staleAfter().toMillis() / 1000.0);
    }

    public Uni<List<UpsView>> list(FleetFilter f) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ups WHERE true");
        Tuple args = withStaleAfter();
        if (f.site() != null) {
            args.addString(f.site());
            sql.append(" AND site = $").append(args.size());
        }
        if (!f.scope().everySite()) {
            args.addArrayOfString(f.scope().sites().toArray(new String[0]));
            sql.append(" AND site = ANY($").append(args.size()).append(")");
        }
        if (f.tag() != null) {
            args.addString(f.tag());
            sql.append(" AND $").append(args.size()).append(" = ANY(tags)");
        }
        if (f.status() != null) {
            args.addString(f.status());
            sql.append(" AND $").append(args.size()).append(" = ANY(status)");
        }
        if (f.onBattery() != null) {
            sql.append(f.onBattery() ? " AND 'OB' = ANY(status)" : " AND NOT ('OB' = ANY(status))");
        }
        if (f.commLost() != null) {
            sql.append(f.commLost() ? " AND comm = 'LOST'" : " AND comm IS DISTINCT FROM 'LOST'");
        }
        if (f.stale() != null) {
            sql.append(f.stale() ? " AND " : " AND NOT ").append(Stale.SQL);
        }
        args.addInteger(f.limit());
        sql.append(" ORDER BY ups_id LIMIT $").append(args.size());
        args.addInteger(f.offset());
        sql.append(" OFFSET $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<UpsView> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(map(row, false));
            }
            return out;
        });
    }

    public Uni<Optional<UpsView>> find(String upsId) {
        return pool.preparedQuery("SELECT " + DETAIL_COLUMNS + " FROM ups WHERE ups_id = $2")
                .execute(withStaleAfter().addString(upsId))
                .map(rows -> first(rows).map(row -> map(row, true)));
    }

    /** Where a UPS is: empty when there is no such UPS; its site may be null. */
    public Uni<Optional<Located>> locate(String upsId) {
        return pool.preparedQuery("SELECT site FROM ups WHERE ups_id = $1").execute(Tuple.of(upsId))
                .map(rows -> first(rows).map(row -> new Located(upsId, row.getString("site"))));
    }

    public record Located(String upsId, String site) {
    }

    /** The sites of the fleet (distinct ups.site), sorted. */
    public Uni<List<String>> sites() {
        return pool.query("SELECT DISTINCT site FROM ups WHERE site IS NOT NULL ORDER BY site").execute()
                .map(rows -> {
                    List<String> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(r.getString("site")));
                    return out;
                });
    }

    /** Site of every UPS that has one (the site directory of the live streams). */
    public Uni<java.util.Map<String, String>> siteByUps() {
        return pool.query("SELECT ups_id, site FROM ups WHERE site IS NOT NULL").execute().map(rows -> {
            java.util.Map<String, String> out = new java.util.HashMap<>(rows.size() * 2);
            rows.forEach(r -> out.put(r.getString("ups_id"), r.getString("site")));
            return out;
        });
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static UpsView map(Row r, boolean detail) {
        UpsView.Identity identity = null;
        UpsView.Rating rating = null;
        if (detail) {
            identity = new UpsView.Identity(r.getString("manufacturer"), r.getString("model"), r.getString("firmware"));
            rating = new UpsView.Rating(r.getDouble("rated_voltage"), r.getDouble("rated_current"),
                    r.getDouble("nominal_battery_voltage"), r.getDouble("rated_frequency"));
        }
        return new UpsView(r.getString("ups_id"), r.getString("name"), r.getString("site"),
                strings(r.getArrayOfStrings("tags")), r.getString("gateway_id"), r.getString("comm"),
                r.getString("flags"), strings(r.getArrayOfStrings("status")),
                instant(r.getOffsetDateTime("status_ts")), instant(r.getOffsetDateTime("last_reading_ts")),
                r.getDouble("input_voltage"), r.getDouble("input_fault_voltage"), r.getDouble("output_voltage"),
                r.getInteger("load_percent"), r.getDouble("input_frequency"), r.getDouble("battery_voltage"),
                r.getDouble("temperature"), r.getDouble("battery_charge"), r.getInteger("runtime_seconds"),
                r.getBoolean("stale"), identity, rating, instant(r.getOffsetDateTime("updated_at")));
    }

    static List<String> strings(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    public static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
