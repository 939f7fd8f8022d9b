package io.upsfleet.web.security;

import jakarta.annotation.security.PermitAll;
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

    /** {@code sites}: the user's site scope, empty = every site; {@code canAdmin}: may manage users. */
    public record Me(boolean authenticated, String name, Set<String> roles, boolean canCommand, boolean canAdmin,
                     Set<String> sites) {
    }

    @Inject
    SecurityIdentity identity;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String cookieName;

    @GET
    @Path("/me")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        // open to anonymous callers (answers authenticated=false, no challenge): the dashboard asks this
        // first and goes to the login page instead of triggering the browser's Basic-auth dialog
        if (identity.isAnonymous()) {
            return new Me(false, null, Set.of(), false, false, Set.of());
        }
        return new Me(true, identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()), identity.hasRole(Roles.OPERATOR),
                identity.hasRole(Roles.ADMIN), new TreeSet<>(SiteScope.of(identity).sites()));
    }

    /** The form-login session lives in an encrypted cookie; logging out means dropping it. */
    @POST
    @Path("/logout")
    @PermitAll
    public Response logout(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        boolean https = "https".equals(uri.getRequestUri().getScheme());
        return Response.noContent()
                .cookie(new NewCookie.Builder(cookieName).value("").path("/").maxAge(0).httpOnly(true).secure(https).build())
                .build();
    }
}
