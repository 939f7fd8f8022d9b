package io.upsfleet.web.alerts;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.alerting.Alert;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.SiteScope;
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

import java.util.List;
import java.util.Set;

import static io.upsfleet.web.problem.Params.intParam;
import static io.upsfleet.web.problem.Params.upsIdParam;
import static io.upsfleet.web.problem.Params.uuidParam;

/**
 * alert-service's alerts for the operators, and their acknowledgement (an acknowledged alert is no
 * longer escalated), asked of alert-service as the logged-in user.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final Set<String> STATES = Set.of("open", "cleared", "all");

    @Inject
    AlertService alerts;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Alerts, newest first: state=open (default: pending, open, flapping), cleared or all")
    public Uni<List<Alert>> list(@QueryParam("state") String state, @QueryParam("upsId") String upsId,
                                 @QueryParam("limit") String limit) {
        String wanted = state == null ? "open" : state;
        if (!STATES.contains(wanted)) {
            throw ProblemException.badParameter("state", "state must be one of open, cleared, all but was '" + state + "'");
        }
        SiteScope scope = SiteScope.of(identity);
        return alerts.alerts(wanted, upsIdParam("upsId", upsId), intParam("limit", limit, 100, 1, 1000))
                .map(list -> scope.everySite() ? list : list.stream().filter(a -> scope.allows(a.site())).toList());
    }

    @POST
    @Path("/{id}/ack")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Acknowledge an alert (operator/admin): it is no longer escalated. Idempotent.")
    public Uni<Alert> ack(@PathParam("id") String id) {
        java.util.UUID alertId = uuidParam("id", id);
        SiteScope scope = SiteScope.of(identity);
        String user = identity.getPrincipal().getName();
        if (scope.everySite()) {
            return alerts.ack(alertId, user);
        }
        // a scoped operator acknowledges only alerts he can see (the list's rule: the alert's site); alert-service
        // has no lookup by id, so the alert is looked for among the newest ones
        return alerts.alerts("all", null, SCOPE_CHECK_WINDOW).invoke(list -> {
            Alert alert = list.stream().filter(a -> alertId.equals(a.alertId())).findFirst().orElse(null);
            if (alert == null || !scope.allows(alert.site())) {
                throw ProblemException.forbidden("alert '" + alertId + "' is not one of the newest " + SCOPE_CHECK_WINDOW
                        + " alerts of your sites (" + scope.describe() + ")");
            }
        }).chain(() -> alerts.ack(alertId, user));
    }

    /** How many of the newest alerts a scoped operator's acknowledgement is looked for in. */
    static final int SCOPE_CHECK_WINDOW = 1000;
}
