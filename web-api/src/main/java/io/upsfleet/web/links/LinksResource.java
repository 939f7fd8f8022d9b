package io.upsfleet.web.links;

import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.web.fleet.KnownUps;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class LinksResource {

    @Inject
    KnownUps knownUps;
    @Inject
    LinkBook book;

    @GET
    @Path("/ups/{id}/link")
    @Operation(summary = "How the line to the UPS behaves: reply latency p50/p99, timeouts, malformed replies, reconnects, last error")
    public Uni<LinkDiagnostics> link(@PathParam("id") String id) {
        Params.upsId(id);
        return knownUps.require(id).map(x -> book.of(id).orElseThrow(() ->
                ProblemException.notFound("no link figures for UPS " + id + " yet: its gateway publishes them every 30 s")));
    }

    @GET
    @Path("/links/hosts")
    @Operation(summary = "Link figures summed per device-server host (the UPS units behind each Moxa, Lantronix, ser2net)")
    public List<LinkBook.HostSummary> hosts() {
        return book.hosts();
    }
}
