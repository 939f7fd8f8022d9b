package io.upsfleet.alert.api;

import io.upsfleet.contracts.alerting.ProtectStep;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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

/** The protective-action log: {@code GET /api/protect/events?upsId=<id>&limit=<n>}, newest first. */
@Path("/api/protect/events")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectResource {

    @Inject
    DataSource dataSource;

    @GET
    public Response events(@QueryParam("upsId") String upsId, @QueryParam("limit") Integer limit) throws SQLException {
        int max = limit == null ? 200 : limit;
        if (max < 1 || max > 5000) {
            return Response.status(400).type("application/problem+json")
                    .entity(new AlertResource.Problem(400, "Bad parameter", "limit must be 1..5000 but was " + limit)).build();
        }
        String sql = "SELECT id, notice_id, ups_id, at, step, detail FROM protect_event"
                + (upsId == null ? "" : " WHERE ups_id = ?") + " ORDER BY id DESC LIMIT " + max;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (upsId != null) {
                ps.setString(1, upsId);
            }
            List<ProtectStep> steps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(new ProtectStep(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return Response.ok(steps).build();
        }
    }
}
