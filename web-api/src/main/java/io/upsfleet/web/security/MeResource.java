package io.upsfleet.web.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;
import java.util.TreeSet;

/** Who am I (the dashboard shows the name and hides command buttons from viewers), and logout. */
@Path("/api")
public class MeResource {

    public record Me(String name, Set<String> roles, boolean canCommand) {
    }

    @Inject
    SecurityIdentity identity;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String cookieName;

    @GET
    @Path("/me")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        return new Me(identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()), identity.hasRole(Roles.OPERATOR));
    }

    /** The form-login session lives in an encrypted cookie; logging out means dropping it. */
    @POST
    @Path("/logout")
    public Response logout() {
        return Response.noContent()
                .cookie(new NewCookie.Builder(cookieName).value("").path("/").maxAge(0).httpOnly(true).build())
                .build();
    }
}
