package io.upsfleet.web.history;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.fleet.FleetRepository;
import io.upsfleet.web.fleet.FleetResource;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.upsfleet.web.problem.Params.instantParam;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class HistoryResource {

    @Inject
    Pool pool;

    @Inject
    FleetRepository fleet;

    /** Longest range served from raw readings (1 s polling: 6 h = 21,600 points). */
    @ConfigProperty(name = "upsfleet.history.raw-max-range", defaultValue = "PT6H")
    Duration rawMaxRange;

    /** Longest range served from the per-minute roll-up (31 days = 44,640 points). */
    @ConfigProperty(name = "upsfleet.history.rollup-max-range", defaultValue = "P31D")
    Duration rollupMaxRange;

    /** resolution=auto uses raw readings up to this range, the roll-up beyond. */
    @ConfigProperty(name = "upsfleet.history.auto-raw-up-to", defaultValue = "PT2H")
    Duration autoRawUpTo;

    /** Hard cap of points per answer, whatever the polling rate; more are cut and flagged truncated. */
    @ConfigProperty(name = "upsfleet.history.max-points", defaultValue = "50000")
    int maxPoints;

    @GET
    @Path("/ups/{id}/history")
    @Operation(summary = "Reading history of one UPS. from/to ISO-8601 (default: the last hour); resolution raw, 1m or auto")
    public Uni<History> history(@PathParam("id") String id,
                                @Parameter(description = "ISO-8601 instant, default to minus 1 h") @QueryParam("from") String fromParam,
                                @Parameter(description = "ISO-8601 instant, default now") @QueryParam("to") String toParam,
                                @Parameter(description = "raw | 1m | auto (default auto)") @QueryParam("resolution") String resolutionParam) {
        FleetResource.requireValidId(id);
        Instant to = instantParam("to", toParam);
        Instant from = instantParam("from", fromParam);
        if (to == null) {
            to = from == null ? Instant.now() : from.plus(Duration.ofHours(1));
        }
        if (from == null) {
            from = to.minus(Duration.ofHours(1));
        }
        if (!from.isBefore(to)) {
            throw ProblemException.badParameter("from", "from (" + from + ") must be before to (" + to + ")");
        }
        Duration range = Duration.between(from, to);
        String resolution = resolutionParam == null || resolutionParam.isBlank() ? "auto" : resolutionParam.trim();
        resolution = switch (resolution) {
            case "raw", "1m" -> resolution;
            case "auto" -> range.compareTo(autoRawUpTo) <= 0 ? "raw" : "1m";
            default -> throw ProblemException.badParameter("resolution", "resolution must be raw, 1m or auto but was '" + resolutionParam + "'");
        };
        Duration max = resolution.equals("raw") ? rawMaxRange : rollupMaxRange;
        if (range.compareTo(max) > 0) {
            throw ProblemException.badParameter("from", "range " + range + " exceeds the maximum " + max + " for resolution "
                    + resolution + (resolution.equals("raw") ? " (use resolution=1m)" : ""));
        }
        String res = resolution;
        Instant f = from;
        Instant t = to;
        return fleet.exists(id).chain(exists -> {
            if (!exists) {
                throw FleetResource.unknownUps(id);
            }
            return res.equals("raw") ? raw(id, f, t) : rollup(id, f, t);
        }).map(points -> {
            boolean truncated = points.size() > maxPoints;
            List<HistoryPoint> kept = truncated ? points.subList(0, maxPoints) : points;
            return new History(id, f, t, res, kept.size(), truncated, kept);
        });
    }

    private Uni<List<HistoryPoint>> raw(String id, Instant from, Instant to) {
        return pool.preparedQuery("SELECT ts, input_voltage, output_voltage, load_percent, battery_voltage, battery_charge,"
                        + " temperature, input_frequency, flags, runtime_seconds FROM reading"
                        + " WHERE ups_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4")
                .execute(Tuple.of(id, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), maxPoints + 1))
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

    private Uni<List<HistoryPoint>> rollup(String id, Instant from, Instant to) {
        return pool.preparedQuery("SELECT * FROM reading_1m WHERE ups_id = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket LIMIT $4")
                .execute(Tuple.of(id, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), maxPoints + 1))
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
