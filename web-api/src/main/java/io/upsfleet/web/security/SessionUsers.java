package io.upsfleet.web.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Restores the identity of a dashboard session from its (encrypted, server-issued) cookie, which carries
 * only the user name: role, site scope and "enabled" come from {@code web_user} on every request.
 */
@ApplicationScoped
public class SessionUsers implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    ManagedUsers users;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return users.trusted(request.getPrincipal());
    }
}
