package io.upsfleet.web.fleet;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.SiteScope;
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

import static io.upsfleet.web.problem.Params.boolParam;
import static io.upsfleet.web.problem.Params.intParam;
import static io.upsfleet.web.problem.Params.tokenParam;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class FleetResource {

    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;

    @Inject
    FleetRepository fleet;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/ups")
    @Operation(summary = "Fleet list, ordered by id. Paging by limit/offset; a Link rel=next header points at the next page.")
    public Uni<Response> list(@QueryParam("site") String site,
                              @QueryParam("tag") String tag,
                              @Parameter(description = "NUT status token, e.g. OL, OB, LB, BYPASS") @QueryParam("status") String status,
                              @QueryParam("onBattery") String onBattery,
                              @QueryParam("commLost") String commLost,
                              @Parameter(description = "true: only UPS whose latest reading is older than upsfleet.fleet.stale-after")
                              @QueryParam("stale") String stale,
                              @Parameter(description = "1.." + MAX_LIMIT + ", default " + DEFAULT_LIMIT) @QueryParam("limit") String limit,
                              @QueryParam("offset") String offset,
                              UriInfo uri) {
        FleetFilter filter = new FleetFilter(
                text("site", site), text("tag", tag),
                tokenParam("status", status, "[A-Z_]{1,16}"),
                boolParam("onBattery", onBattery), boolParam("commLost", commLost), boolParam("stale", stale),
                intParam("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                intParam("offset", offset, 0, 0, Integer.MAX_VALUE), SiteScope.of(identity));
        // ask for one more row than the page: tells whether a next page exists without counting the fleet
        FleetFilter probe = new FleetFilter(filter.site(), filter.tag(), filter.status(), filter.onBattery(),
                filter.commLost(), filter.stale(), filter.limit() + 1, filter.offset(), filter.scope());
        return fleet.list(probe).map(rows -> {
            boolean more = rows.size() > filter.limit();
            Response.ResponseBuilder ok = Response.ok(more ? rows.subList(0, filter.limit()) : rows);
            if (more) {
                ok.link(uri.getRequestUriBuilder()
                        .replaceQueryParam("offset", filter.offset() + filter.limit())
                        .replaceQueryParam("limit", filter.limit()).build(), "next");
            }
            return ok.build();
        });
    }

    @GET
    @Path("/ups/{id}")
    @Operation(summary = "One UPS: identity, rating, state, latest reading, estimated charge and runtime")
    public Uni<UpsView> get(@PathParam("id") String id) {
        Params.upsId(id);
        SiteScope scope = SiteScope.of(identity);
        return fleet.find(id).map(found -> {
            UpsView ups = found.orElseThrow(() -> ProblemException.unknownUps(id));
            if (!scope.allows(ups.site())) {
                throw KnownUps.outsideScope(id, scope);
            }
            return ups;
        });
    }

    private static String text(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > 200) {
            throw ProblemException.badParameter(name, name + " must be at most 200 characters");
        }
        return raw;
    }
}
