package io.upsfleet.web.hosts;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.fleet.KnownUps;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class HostsResource {

    @Inject
    KnownUps knownUps;
    @Inject
    ProtectedHosts hosts;

    @GET
    @Path("/ups/{id}/hosts")
    @Operation(summary = "Hosts the UPS protects: NUT clients (upsmon) logged in to it on nut-server")
    public Uni<ProtectedHosts.Hosts> hosts(@PathParam("id") String id) {
        Params.upsId(id);
        return knownUps.require(id).map(x -> hosts.of(id));
    }
}
