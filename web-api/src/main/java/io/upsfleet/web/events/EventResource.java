package io.upsfleet.web.events;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.fleet.KnownUps;
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

import java.util.List;

/** The event log, newest first, paged by cursor ({@link EventCursor}); a Link rel=next header carries the next cursor. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EventResource {

    @Inject
    EventRepository events;

    @Inject
    KnownUps knownUps;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/ups/{id}/events")
    @Operation(summary = "Event log of one UPS, newest first")
    public Uni<Response> forUps(@PathParam("id") String id, @QueryParam("limit") String limit,
                                @Parameter(description = "ISO-8601: only events before this") @QueryParam("before") String before,
                                @Parameter(description = "event id at `before` (cursor tie-breaker)") @QueryParam("beforeId") String beforeId,
                                UriInfo uri) {
        EventCursor cursor = EventCursor.of(limit, before, beforeId);
        return knownUps.require(id).chain(() -> page(id, cursor, uri));
    }

    @GET
    @Path("/events")
    @Operation(summary = "Fleet-wide event log, newest first")
    public Uni<Response> fleetWide(@QueryParam("limit") String limit, @QueryParam("before") String before,
                                   @QueryParam("beforeId") String beforeId, UriInfo uri) {
        return page(null, EventCursor.of(limit, before, beforeId), uri);
    }

    private Uni<Response> page(String upsId, EventCursor cursor, UriInfo uri) {
        // one row more than the page tells whether there is a next page
        return events.page(upsId, cursor, cursor.limit() + 1, SiteScope.of(identity)).map(rows -> {
            boolean more = rows.size() > cursor.limit();
            List<EventView> page = more ? rows.subList(0, cursor.limit()) : rows;
            Response.ResponseBuilder ok = Response.ok(page);
            if (more) {
                EventCursor next = cursor.after(page.get(page.size() - 1));
                ok.link(uri.getRequestUriBuilder()
                        .replaceQueryParam("before", next.before().toString())
                        .replaceQueryParam("beforeId", next.beforeId())
                        .replaceQueryParam("limit", next.limit()).build(), "next");
            }
            return ok.build();
        });
    }
}
