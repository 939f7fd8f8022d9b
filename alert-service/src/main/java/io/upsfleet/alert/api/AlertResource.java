package io.upsfleet.alert.api;

import io.upsfleet.alert.notify.AlertRow;
import io.upsfleet.contracts.alerting.Alert;
import io.upsfleet.contracts.alerting.AlertAck;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Alerts over REST, for web-api (the only client, see {@link ApiClient}): list ({@code ?state=open|cleared|all},
 * optional {@code upsId}) and acknowledge ({@code POST /api/alerts/{id}/ack}, body {@link AlertAck}), which
 * stops escalation.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final Map<String, String> STATES = Map.of(
            "open", "state IN ('PENDING', 'OPEN', 'FLAPPING')",
            "cleared", "state IN ('CLEARED', 'DISMISSED', 'ENDED')",
            "all", "true");

    @Inject
    DataSource dataSource;

    public record Problem(int status, String title, String detail) {
    }

    @GET
    public Response list(@QueryParam("state") String state, @QueryParam("upsId") String upsId,
                         @QueryParam("limit") Integer limit) throws SQLException {
        String filter = STATES.get(state == null ? "open" : state);
        if (filter == null) {
            return problem(400, "Bad parameter", "state must be one of open, cleared, all but was '" + state + "'");
        }
        int max = limit == null ? 500 : limit;
        if (max < 1 || max > 5000) {
            return problem(400, "Bad parameter", "limit must be 1..5000 but was " + limit);
        }
        String sql = "SELECT " + AlertRow.COLUMNS + " FROM alert WHERE " + filter
                + (upsId == null ? "" : " AND ups_id = ?") + " ORDER BY raised_at DESC LIMIT " + max;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (upsId != null) {
                ps.setString(1, upsId);
            }
            List<Alert> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(AlertRow.of(rs).toAlert());
                }
            }
            return Response.ok(rows).build();
        }
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) throws SQLException {
        UUID alertId = parse(id);
        if (alertId == null) {
            return problem(400, "Bad parameter", "alert id must be a UUID but was '" + id + "'");
        }
        AlertRow row = find(alertId);
        return row == null ? problem(404, "Not found", "no alert " + id) : Response.ok(row.toAlert()).build();
    }

    @POST
    @Path("/{id}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ack(@PathParam("id") String id, AlertAck ack) throws SQLException {
        UUID alertId = parse(id);
        if (alertId == null) {
            return problem(400, "Bad parameter", "alert id must be a UUID but was '" + id + "'");
        }
        if (ack == null || ack.by() == null || ack.by().isBlank() || ack.by().length() > AlertAck.MAX_BY_LENGTH) {
            return problem(400, "Bad parameter", "the body must be {\"by\": \"<who acknowledges>\"} (1.."
                    + AlertAck.MAX_BY_LENGTH + " characters)");
        }
        String who = ack.by();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE alert SET acked_at = now(), acked_by = ? WHERE alert_id = ? AND acked_at IS NULL")) {
            ps.setString(1, who);
            ps.setObject(2, alertId);
            ps.executeUpdate();
        }
        AlertRow row = find(alertId);
        // Acknowledging twice is harmless: the first acknowledgement stands.
        return row == null ? problem(404, "Not found", "no alert " + id) : Response.ok(row.toAlert()).build();
    }

    private AlertRow find(UUID alertId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + AlertRow.COLUMNS + " FROM alert WHERE alert_id = ?")) {
            ps.setObject(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? AlertRow.of(rs) : null;
            }
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json").entity(new Problem(status, title, detail)).build();
    }
}
