package io.upsfleet.web.alerts;

import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.alerting.ProtectStep;
import io.quarkus.security.identity.SecurityIdentity;
import io.upsfleet.web.fleet.SiteDirectory;
import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.SiteScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

import static io.upsfleet.web.problem.Params.intParam;
import static io.upsfleet.web.problem.Params.upsIdParam;

/** alert-service's protective-action log (host-shutdown notices, UPS shutdown commands), newest first. */
@Path("/api/protect/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ProtectResource {

    @Inject
    AlertService alerts;

    @Inject
    SecurityIdentity identity;

    @Inject
    SiteDirectory directory;

    @GET
    @Operation(summary = "Steps of protective shutdown sequences, newest first, of one UPS (upsId) or all")
    public Uni<List<ProtectStep>> steps(@QueryParam("upsId") String upsId, @QueryParam("limit") String limit) {
        SiteScope scope = SiteScope.of(identity);
        return alerts.protectSteps(upsIdParam("upsId", upsId), intParam("limit", limit, 100, 1, 1000))
                .map(list -> scope.everySite() ? list
                        : list.stream().filter(s -> scope.allows(directory.siteOf(s.upsId()))).toList());
    }
}
