package io.upsfleet.web.audit;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

import static io.upsfleet.web.problem.Params.intParam;
import static io.upsfleet.web.problem.Params.tokenParam;

/** The audit log for admins, newest first, paged by id ({@code before}); a Link rel=next header points at the next page. */
@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    @Inject
    AuditLog audit;

    @GET
    @Operation(summary = "Audit log (admin): logins, failed and throttled logins, user changes, commands; newest first")
    public Uni<Response> page(@QueryParam("limit") String limit, @QueryParam("before") String before,
                              @QueryParam("actor") String actor, @QueryParam("action") String action, UriInfo uri) {
        int n = intParam("limit", limit, 100, 1, 500);
        Long beforeId = null;
        if (before != null && !before.isBlank()) {
            try {
                beforeId = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw ProblemException.badParameter("before", "before must be the id of an audit entry");
            }
        }
        String who = actor == null || actor.isBlank() ? null : actor;
        if (who != null && who.length() > 128) {
            throw ProblemException.badParameter("actor", "actor must be at most 128 characters");
        }
        String what = tokenParam("action", action, "[A-Z_]{1,32}");
        return audit.page(beforeId, n + 1, who, what).map(rows -> {
            boolean more = rows.size() > n;
            List<AuditEntry> page = more ? rows.subList(0, n) : rows;
            Response.ResponseBuilder ok = Response.ok(page);
            if (more) {
                ok.link(uri.getRequestUriBuilder().replaceQueryParam("before", page.get(page.size() - 1).id())
                        .replaceQueryParam("limit", n).build(), "next");
            }
            return ok.build();
        });
    }
}
