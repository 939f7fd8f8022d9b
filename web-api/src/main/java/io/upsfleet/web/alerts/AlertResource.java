package io.upsfleet.web.alerts;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.upsfleet.web.problem.Params.intParam;

/**
 * The alerts alert-service keeps (table {@code alert} in the shared database), and their
 * acknowledgement: an acknowledged alert is no longer escalated. alert-service reads {@code acked_at}
 * before every escalation, so acknowledging here is the same as acknowledging there.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final Logger LOG = Logger.getLogger(AlertResource.class);
    private static final Map<String, String> STATES = Map.of(
            "open", "state IN ('PENDING', 'OPEN', 'FLAPPING')",
            "cleared", "state IN ('CLEARED', 'DISMISSED', 'ENDED')",
            "all", "true");
    private static final String COLUMNS = "alert_id, ups_id, alarm, severity, message, site, state, raised_at,"
            + " notified_at, cleared_at, acked_at, acked_by";

    public record AlertView(String alertId, String upsId, String alarm, String severity, String message, String site,
                            String state, Instant raisedAt, Instant notifiedAt, Instant clearedAt, Instant ackedAt,
                            String ackedBy) {
    }

    @Inject
    Pool pool;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Alerts, newest first: state=open (default: pending, open, flapping), cleared or all")
    public Uni<List<AlertView>> list(@QueryParam("state") String state, @QueryParam("upsId") String upsId,
                                     @QueryParam("limit") String limit) {
        String filter = STATES.get(state == null ? "open" : state);
        if (filter == null) {
            throw ProblemException.badParameter("state", "must be one of open, cleared, all but was '" + state + "'");
        }
        if (upsId != null) {
            Params.upsId(upsId);
        }
        int n = intParam("limit", limit, 100, 1, 1000);
        String sql = "SELECT " + COLUMNS + " FROM alert WHERE " + filter
                + (upsId == null ? "" : " AND ups_id = $2") + " ORDER BY raised_at DESC LIMIT $1";
        Tuple args = upsId == null ? Tuple.of(n) : Tuple.of(n, upsId);
        return pool.preparedQuery(sql).execute(args)
                .map(rows -> {
                    List<AlertView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                })
                .onFailure(AlertResource::alertingMissing).transform(AlertResource::notInstalled);
    }

    @POST
    @Path("/{id}/ack")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Acknowledge an alert (operator/admin): it is no longer escalated. Idempotent.")
    public Uni<AlertView> ack(@PathParam("id") String id) {
        UUID alertId;
        try {
            alertId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("id", "an alert id is a UUID, not '" + id + "'");
        }
        String user = identity.getPrincipal().getName();
        return pool.preparedQuery("UPDATE alert SET acked_at = now(), acked_by = $2 WHERE alert_id = $1 AND acked_at IS NULL")
                .execute(Tuple.of(alertId, user))
                .chain(updated -> {
                    if (updated.rowCount() == 1) {
                        LOG.infof("alert %s acknowledged by %s", alertId, user);
                    }
                    return pool.preparedQuery("SELECT " + COLUMNS + " FROM alert WHERE alert_id = $1").execute(Tuple.of(alertId));
                })
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("no alert with id '" + id + "'");
                    }
                    return view(rows.iterator().next());
                })
                .onFailure(AlertResource::alertingMissing).transform(AlertResource::notInstalled);
    }

    private static AlertView view(Row r) {
        return new AlertView(r.getUUID("alert_id").toString(), r.getString("ups_id"), r.getString("alarm"),
                r.getString("severity"), r.getString("message"), r.getString("site"), r.getString("state"),
                instant(r.getOffsetDateTime("raised_at")), instant(r.getOffsetDateTime("notified_at")),
                instant(r.getOffsetDateTime("cleared_at")), instant(r.getOffsetDateTime("acked_at")), r.getString("acked_by"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** SQLSTATE 42P01: the alert table is not there, i.e. alert-service has never run against this database. */
    private static boolean alertingMissing(Throwable failure) {
        return failure instanceof PgException pg && "42P01".equals(pg.getSqlState());
    }

    private static Throwable notInstalled(Throwable failure) {
        return ProblemException.unavailable("no alerts here: alert-service has not set up its tables in this database");
    }
}
