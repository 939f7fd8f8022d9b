package io.upsfleet.web.bench;

import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A constant answer behind the same security as the real endpoints: the benchmark's ceiling
 * (HTTP + authentication + JSON, no database).
 */
@Path("/api/ping")
@RolesAllowed(Roles.VIEWER)
public class PingResource {

    public record Pong(String pong) {
    }

    private static final Pong PONG = new Pong("ok");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Pong ping() {
        return PONG;
    }
}
