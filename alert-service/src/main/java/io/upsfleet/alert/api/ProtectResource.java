package io.upsfleet.alert.api;

import io.upsfleet.alert.protect.ProtectRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The protective-action log: {@code GET /api/protect/events?upsId=<id>&limit=<n>}, newest first. */
@Path("/api/protect/events")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectResource {

    @Inject
    ProtectRepository sequences;

    @GET
    public Response events(@QueryParam("upsId") String upsId, @QueryParam("limit") Integer limit) {
        Integer max = Problems.limit(limit, 200);
        return max == null ? Problems.badLimit(limit) : Response.ok(sequences.events(upsId, max)).build();
    }
}
