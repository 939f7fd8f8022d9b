package io.upsfleet.web.security;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.upsfleet.web.users.WebUser;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Checks user name and password (HTTP Basic, dashboard form login) against the managed users in
 * {@code web_user}: unknown, disabled or wrong → 401. Role and site scope are read from the row on every
 * request, so disabling a user or changing his role takes effect at his next request. Passwords and the
 * names of failed logins are never logged.
 */
@ApplicationScoped
public class ManagedUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final PasswordHashes checks = new PasswordHashes();

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String name = request.getUsername();
        char[] password = request.getPassword().getPassword();
        return find(name).chain(found -> {
            Account account = found.filter(Account::enabled).orElse(null);
            if (account != null && checks.verifiedBefore(account.name(), account.passwordHash(), password)) {
                return Uni.createFrom().item(identity(account));
            }
            // bcrypt on a worker thread; unknown and disabled users cost the same as a wrong password
            return context.runBlocking(() -> {
                boolean ok = PasswordHashes.matches(password, account == null ? PasswordHashes.DECOY : account.passwordHash());
                if (!ok || account == null) {
                    throw new AuthenticationFailedException("invalid credentials");
                }
                checks.remember(account.name(), account.passwordHash(), password);
                return identity(account);
            });
        });
    }

    /** The dashboard's session cookie names the user; he must still exist and be enabled. */
    public Uni<SecurityIdentity> trusted(String name) {
        return find(name).map(found -> found.filter(Account::enabled).map(ManagedUsers::identity)
                .orElseThrow(() -> new AuthenticationFailedException("unknown or disabled user")));
    }

    static Uni<Optional<Account>> find(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.withSession(() -> WebUser.<WebUser>findById(name)).map(u -> Optional.ofNullable(u).map(Account::of));
    }

    static SecurityIdentity identity(Account account) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(account.name()))
                .addRoles(Roles.held(account.role()))
                .addAttribute(SiteScope.ATTRIBUTE, new SiteScope(account.sites()))
                .build();
    }
}
