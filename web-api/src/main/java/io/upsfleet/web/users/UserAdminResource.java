package io.upsfleet.web.users;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.upsfleet.web.audit.AuditLog;
import io.upsfleet.web.fleet.FleetRepository;
import io.vertx.core.http.HttpServerRequest;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.PasswordHashes;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * User management for admins: list, add, disable/enable, reset a password, set the role and the site
 * scope. Changes take effect at the user's next request (identities are read from the table each time).
 * An admin cannot disable or demote himself: since only an enabled admin can make changes, at least one
 * enabled admin always remains, so the system never locks its admins out.
 */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserAdminResource {

    private static final Logger LOG = Logger.getLogger(UserAdminResource.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    FleetRepository fleet;

    @Inject
    AuditLog audit;

    @Inject
    HttpServerRequest request;

    @GET
    @Path("/users")
    @WithSession
    @Operation(summary = "Every user (admin), by name")
    public Uni<List<UserView>> list() {
        return WebUser.<WebUser>listAll(Sort.by("name")).map(users -> users.stream().map(UserView::of).toList());
    }

    @GET
    @Path("/users/{name}")
    @WithSession
    @Operation(summary = "One user (admin)")
    public Uni<UserView> get(@PathParam("name") String name) {
        return find(name).map(UserView::of);
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Add a user (admin): {name, password (10..128 chars), role: viewer|operator|admin, sites: [] = every site}")
    public Uni<Response> add(UserBodies.NewUser body, UriInfo uri) {
        if (body == null) {
            throw ProblemException.badParameter("body", "the body must be a JSON object {name, password, role, sites}");
        }
        String name = UserRules.name(body.name());
        String password = UserRules.password(body.password());
        String role = UserRules.role(body.role());
        Set<String> sites = UserRules.sites(body.sites());
        return knownSites(sites).chain(() -> WebUser.<WebUser>findById(name)).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a user named '" + name + "' exists already");
            }
            WebUser u = new WebUser();
            u.name = name;
            u.role = role;
            u.sites = sites.toArray(new String[0]);
            u.createdBy = actor();
            u.createdAt = Instant.now();
            u.updatedAt = u.createdAt;
            // bcrypt off the event loop
            return Uni.createFrom().item(() -> PasswordHashes.hash(password))
                    .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                    .emitOn(io.vertx.mutiny.core.Vertx.currentContext()::runOnContext)
                    .chain(hash -> {
                        u.passwordHash = hash;
                        return u.<WebUser>persist();
                    });
        }).call(u -> audit.record(actor(), address(), AuditLog.USER_ADDED, u.name,
                "role " + u.role + (u.sites.length == 0 ? ", every site" : ", sites " + List.of(u.sites)))).map(u -> {
            LOG.infof("user %s (%s) added by %s", u.name, u.role, actor());
            return Response.created(uri.getBaseUriBuilder().path("api/admin/users/{n}").build(u.name))
                    .entity(UserView.of(u)).build();
        });
    }

    @POST
    @Path("/users/{name}/disable")
    @WithTransaction
    @Operation(summary = "Disable a user (admin): his logins and sessions are refused from his next request on")
    public Uni<UserView> disable(@PathParam("name") String name) {
        return change(name, AuditLog.USER_DISABLED, "disabled", u -> {
            notMyself(u, "disable");
            return Uni.createFrom().voidItem().invoke(() -> u.enabled = false);
        });
    }

    @POST
    @Path("/users/{name}/enable")
    @WithTransaction
    @Operation(summary = "Enable a disabled user (admin)")
    public Uni<UserView> enable(@PathParam("name") String name) {
        return change(name, AuditLog.USER_ENABLED, "enabled", u -> Uni.createFrom().voidItem().invoke(() -> u.enabled = true));
    }

    @PUT
    @Path("/users/{name}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Set a new password (admin): {password}; the old one stops working at once")
    public Uni<UserView> resetPassword(@PathParam("name") String name, UserBodies.NewPassword body) {
        String password = UserRules.password(body == null ? null : body.password());
        return Uni.createFrom().item(() -> PasswordHashes.hash(password))
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .emitOn(io.vertx.mutiny.core.Vertx.currentContext()::runOnContext)
                .chain(hash -> change(name, AuditLog.PASSWORD_RESET, "password reset", u -> Uni.createFrom().voidItem().invoke(() -> u.passwordHash = hash)));
    }

    @PUT
    @Path("/users/{name}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Set the role (admin): {role: viewer|operator|admin}; roles nest")
    public Uni<UserView> setRole(@PathParam("name") String name, UserBodies.NewRole body) {
        String role = UserRules.role(body == null ? null : body.role());
        return change(name, AuditLog.ROLE_CHANGED, "role " + role, u -> {
            if (!role.equals(u.role)) {
                notMyself(u, "change the role of");
            }
            return Uni.createFrom().voidItem().invoke(() -> u.role = role);
        });
    }

    @PUT
    @Path("/users/{name}/sites")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Set the site scope (admin): {sites: [...]} of ups.site values; [] = every site")
    public Uni<UserView> setSites(@PathParam("name") String name, UserBodies.NewSites body) {
        if (body == null) {
            throw ProblemException.badParameter("body", "the body must be a JSON object {sites: [...]}");
        }
        Set<String> sites = UserRules.sites(body.sites());
        return knownSites(sites).chain(() -> change(name, AuditLog.SITES_CHANGED, sites.isEmpty() ? "sites: every site" : "sites " + sites, u -> Uni.createFrom().voidItem()
                .invoke(() -> u.sites = sites.toArray(new String[0]))));
    }

    @GET
    @Path("/sites")
    @Operation(summary = "The sites of the fleet (distinct ups.site), for site scopes (admin)")
    public Uni<List<String>> sites() {
        return fleet.sites();
    }

    private Uni<UserView> change(String name, String action, String what, Function<WebUser, Uni<Void>> edit) {
        return find(name).call(u -> edit.apply(u)).call(u -> {
            u.updatedAt = Instant.now();
            LOG.infof("user %s: %s by %s", u.name, what, actor());
            return audit.record(actor(), address(), action, u.name, what);
        }).map(UserView::of);
    }

    private String address() {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private Uni<WebUser> find(String name) {
        UserRules.name(name);
        return WebUser.<WebUser>findById(name).map(u -> {
            if (u == null) {
                throw ProblemException.notFound("no user named '" + name + "'");
            }
            return u;
        });
    }

    private void notMyself(WebUser u, String verb) {
        if (u.name.equals(actor())) {
            throw ProblemException.conflict("you cannot " + verb + " yourself: ask another admin");
        }
    }

    private Uni<Void> knownSites(Set<String> sites) {
        if (sites.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return fleet.sites().invoke(known -> {
            List<String> unknown = new ArrayList<>(sites);
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                throw ProblemException.badParameter("sites", "no UPS has site " + unknown + "; known sites: " + known);
            }
        }).replaceWithVoid();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
