package io.upsfleet.web.history;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.fleet.KnownUps;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Instant;
import java.util.List;

import static io.upsfleet.web.problem.Params.instantParam;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class HistoryResource {

    @Inject
    HistoryRepository history;

    @Inject
    KnownUps knownUps;

    @Inject
    HistoryConfig limits;

    @GET
    @Path("/ups/{id}/history")
    @Operation(summary = "Reading history of one UPS. from/to ISO-8601 (default: the last hour); resolution raw, 1m or auto")
    public Uni<History> history(@PathParam("id") String id,
                                @Parameter(description = "ISO-8601 instant, default to minus 1 h") @QueryParam("from") String fromParam,
                                @Parameter(description = "ISO-8601 instant, default now") @QueryParam("to") String toParam,
                                @Parameter(description = "raw | 1m | auto (default auto)") @QueryParam("resolution") String resolutionParam) {
        HistoryQuery query = HistoryQuery.of(instantParam("from", fromParam), instantParam("to", toParam), resolutionParam,
                limits, Instant.now());
        int maxPoints = limits.maxPoints();
        // one point more than the cap tells whether the answer was cut
        return knownUps.require(id).chain(() -> history.points(id, query, maxPoints + 1)).map(points -> {
            boolean truncated = points.size() > maxPoints;
            List<HistoryPoint> kept = truncated ? points.subList(0, maxPoints) : points;
            return new History(id, query.from(), query.to(), query.resolution().label, kept.size(), truncated, kept);
        });
    }
}
