package io.upsfleet.web.security.oidc;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.upsfleet.web.audit.AuditLog;
import io.upsfleet.web.security.LoginConfig;
import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.SiteScope;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives an identity authenticated by an OIDC bearer token ({@link JsonWebToken} principal) its role and
 * site scope from the token's claims ({@link ClaimMapping}), replacing whatever roles quarkus-oidc derived
 * itself (its default reads "groups": a provider group named "admin" must not make an admin). The scope is
 * the same {@link SiteScope} attribute as a managed user's, so every scope check applies unchanged. The
 * first request of a subject from an address per {@code upsfleet.login.audit-basic-login-every} is audited
 * as a login, like HTTP Basic. Identities of managed users (Basic, form, session) pass through untouched.
 */
@Startup // an invalid role map fails the start, not the first token
@ApplicationScoped
public class OidcIdentities implements SecurityIdentityAugmentor {

    /** Bound on remembered subject + address pairs; past it, entries older than the audit interval are dropped. */
    static final int MAX_AUDITED = 100_000;

    private final ClaimMapping mapping;
    private final OidcConfig config;
    private final AuditLog audit;
    private final Duration auditEvery;
    private final Map<String, Instant> audited = new ConcurrentHashMap<>();

    public OidcIdentities(OidcConfig config, LoginConfig login, AuditLog audit) {
        this.config = config;
        this.mapping = new ClaimMapping(config.rolesClaim(), config.sitesClaim(), config.roleMap());
        this.audit = audit;
        this.auditEvery = login.auditBasicLoginEvery();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                                         Map<String, Object> attributes) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        ClaimMapping.Mapped mapped = mapping.map(token::getClaim);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(SiteScope.ATTRIBUTE, mapped.scope());
        mapped.role().ifPresent(role -> builder.addRoles(Roles.held(role)));
        audited(identity.getPrincipal().getName(), address(attributes, identity), mapped);
        return Uni.createFrom().item(builder.build());
    }

    private void audited(String name, String address, ClaimMapping.Mapped mapped) {
        Instant now = Instant.now();
        String key = name + "\n" + address;
        Instant last = audited.get(key);
        if (last != null && !now.isAfter(last.plus(auditEvery))) {
            return;
        }
        if (audited.size() >= MAX_AUDITED) {
            audited.values().removeIf(t -> now.isAfter(t.plus(auditEvery)));
        }
        audited.put(key, now);
        audit.recordLater(name, address, AuditLog.LOGIN, name, "oidc bearer token (" + config.authServerUrl().orElse("?")
                + "): " + mapped.role().map(r -> "role " + r).orElse("no mapped role in claim '" + config.rolesClaim()
                + "', every request refused") + (mapped.scope().everySite() ? ", every site" : ", sites " + mapped.scope().describe()));
    }

    private static String address(Map<String, Object> attributes, SecurityIdentity identity) {
        Object http = attributes.get(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE);
        if (!(http instanceof RoutingContext)) {
            http = identity.getAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE);
        }
        if (http instanceof RoutingContext ctx && ctx.request().remoteAddress() != null) {
            return ctx.request().remoteAddress().hostAddress();
        }
        return null;
    }
}
