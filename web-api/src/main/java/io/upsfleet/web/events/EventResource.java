package io.upsfleet.web.events;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.fleet.FleetRepository;
import io.upsfleet.web.fleet.FleetResource;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.upsfleet.web.problem.Params.instantParam;
import static io.upsfleet.web.problem.Params.intParam;

/**
 * The event log, newest first. Paging is by cursor: {@code before} (a timestamp) plus {@code beforeId}
 * (the event id at that timestamp) so that events sharing a timestamp are neither lost nor repeated;
 * a Link rel=next header carries the cursor of the next page.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EventResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    @Inject
    Pool pool;

    @Inject
    FleetRepository fleet;

    @GET
    @Path("/ups/{id}/events")
    @Operation(summary = "Event log of one UPS, newest first")
    public Uni<Response> forUps(@PathParam("id") String id, @QueryParam("limit") String limit,
                                @Parameter(description = "ISO-8601: only events before this") @QueryParam("before") String before,
                                @Parameter(description = "event id at `before` (cursor tie-breaker)") @QueryParam("beforeId") String beforeId,
                                UriInfo uri) {
        FleetResource.requireValidId(id);
        Cursor cursor = cursor(limit, before, beforeId);
        return fleet.exists(id).chain(exists -> {
            if (!exists) {
                throw FleetResource.unknownUps(id);
            }
            return query(id, cursor, uri);
        });
    }

    @GET
    @Path("/events")
    @Operation(summary = "Fleet-wide event log, newest first")
    public Uni<Response> fleetWide(@QueryParam("limit") String limit, @QueryParam("before") String before,
                                   @QueryParam("beforeId") String beforeId, UriInfo uri) {
        return query(null, cursor(limit, before, beforeId), uri);
    }

    private record Cursor(int limit, Instant before, String beforeId) {
    }

    private static Cursor cursor(String limit, String before, String beforeId) {
        Instant b = instantParam("before", before);
        if (beforeId != null && !beforeId.isBlank()) {
            if (b == null) {
                throw ProblemException.badParameter("beforeId", "beforeId needs before");
            }
            if (beforeId.length() > 64) {
                throw ProblemException.badParameter("beforeId", "beforeId must be at most 64 characters");
            }
        }
        return new Cursor(intParam("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), b,
                beforeId == null || beforeId.isBlank() ? null : beforeId);
    }

    private Uni<Response> query(String upsId, Cursor c, UriInfo uri) {
        StringBuilder sql = new StringBuilder("SELECT event_id, ups_id, ts, kind, type, severity, message, details FROM event WHERE true");
        Tuple args = Tuple.tuple();
        if (upsId != null) {
            args.addString(upsId);
            sql.append(" AND ups_id = $").append(args.size());
        }
        if (c.before() != null) {
            args.addOffsetDateTime(c.before().atOffset(ZoneOffset.UTC));
            int tsArg = args.size();
            if (c.beforeId() != null) {
                args.addString(c.beforeId());
                sql.append(" AND (ts, event_id) < ($").append(tsArg).append(", $").append(args.size()).append(")");
            } else {
                sql.append(" AND ts < $").append(tsArg);
            }
        }
        args.addInteger(c.limit() + 1);
        sql.append(" ORDER BY ts DESC, event_id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<EventView> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new EventView(r.getString("event_id"), r.getString("ups_id"), r.getOffsetDateTime("ts").toInstant(),
                        r.getString("kind"), r.getString("type"), r.getString("severity"), r.getString("message"),
                        json(r.getValue("details"))));
            }
            boolean more = out.size() > c.limit();
            List<EventView> page = more ? out.subList(0, c.limit()) : out;
            Response.ResponseBuilder ok = Response.ok(page);
            if (more) {
                EventView last = page.get(page.size() - 1);
                ok.link(uri.getRequestUriBuilder()
                        .replaceQueryParam("before", last.ts().toString())
                        .replaceQueryParam("beforeId", last.eventId())
                        .replaceQueryParam("limit", c.limit()).build(), "next");
            }
            return ok.build();
        });
    }

    private static Object json(Object value) {
        if (value instanceof JsonObject o) {
            return o.getMap();
        }
        if (value instanceof JsonArray a) {
            return a.getList();
        }
        return value;
    }
}
