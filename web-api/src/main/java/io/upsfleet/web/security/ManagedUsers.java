package io.upsfleet.web.security;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.upsfleet.web.audit.AuditLog;
import io.upsfleet.web.users.WebUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks user name and password (HTTP Basic, dashboard form login) against the managed users in
 * {@code web_user}: unknown, disabled or wrong → 401; too many failures for the name or from the address
 * → 429 ({@link LoginThrottle}), checked before the password so the right one does not help. Role and
 * site scope are read from the row on every request, so disabling a user or changing his role takes effect
 * at his next request. Logins, failures and refusals go to the audit log; passwords are never logged.
 */
@ApplicationScoped
public class ManagedUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    static final String FORM_POST = "/j_security_check";

    private final PasswordHashes checks = new PasswordHashes();
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Duration auditBasicEvery;
    /** user + address → when a Basic login of them was last audited (Basic authenticates every request). */
    private final Map<String, Instant> basicAudited = new ConcurrentHashMap<>();

    public ManagedUsers(LoginConfig config, AuditLog audit) {
        this.throttle = new LoginThrottle(config.maxFailuresPerUser(), config.maxFailuresPerAddress(), config.window(),
                Clock.systemUTC());
        this.audit = audit;
        this.auditBasicEvery = config.auditBasicLoginEvery();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String name = request.getUsername();
        char[] password = request.getPassword().getPassword();
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = address(http);
        boolean form = http != null && FORM_POST.equals(http.normalizedPath());
        Optional<Duration> refused = throttle.refusal(name, address);
        if (refused.isPresent()) {
            audit.recordLater(name, address, AuditLog.LOGIN_THROTTLED, name, (form ? "form" : "basic")
                    + ": refused for " + refused.get().toSeconds() + " s more");
            return Uni.createFrom().failure(new LoginThrottledException(refused.get()));
        }
        return find(name).chain(found -> {
            Account account = found.filter(Account::enabled).orElse(null);
            if (account != null && checks.verifiedBefore(account.name(), account.passwordHash(), password)) {
                return Uni.createFrom().item(loggedIn(account, address, form));
            }
            // bcrypt on a worker thread; unknown and disabled users cost the same as a wrong password
            return context.runBlocking(() -> {
                boolean ok = PasswordHashes.matches(password, account == null ? PasswordHashes.DECOY : account.passwordHash());
                if (!ok || account == null) {
                    throttle.failed(name, address);
                    audit.recordLater(name, address, AuditLog.LOGIN_FAILED, name, (form ? "form" : "basic")
                            + (found.isPresent() && account == null ? ": user disabled" : ": wrong user name or password"));
                    throw new AuthenticationFailedException("invalid credentials");
                }
                checks.remember(account.name(), account.passwordHash(), password);
                return loggedIn(account, address, form);
            });
        });
    }

    private SecurityIdentity loggedIn(Account account, String address, boolean form) {
        throttle.succeeded(account.name());
        Instant now = Instant.now();
        String key = account.name() + "\n" + address;
        if (form) {
            audit.recordLater(account.name(), address, AuditLog.LOGIN, account.name(), "form (dashboard session)");
        } else {
            Instant last = basicAudited.get(key);
            if (last == null || now.isAfter(last.plus(auditBasicEvery))) {
                basicAudited.put(key, now);
                audit.recordLater(account.name(), address, AuditLog.LOGIN, account.name(), "basic");
            }
        }
        return identity(account);
    }

    /** The dashboard's session cookie names the user; he must still exist and be enabled. */
    public Uni<SecurityIdentity> trusted(String name) {
        return find(name).map(found -> found.filter(Account::enabled).map(ManagedUsers::identity)
                .orElseThrow(() -> new AuthenticationFailedException("unknown or disabled user")));
    }

    static String address(RoutingContext http) {
        if (http == null || http.request().remoteAddress() == null) {
            return null;
        }
        return http.request().remoteAddress().hostAddress();
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
