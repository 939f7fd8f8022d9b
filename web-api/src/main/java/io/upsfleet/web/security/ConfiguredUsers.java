package io.upsfleet.web.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Three built-in users (admin, operator, viewer) whose passwords come from the environment
 * (UPSFLEET_ADMIN_PASSWORD, UPSFLEET_OPERATOR_PASSWORD, UPSFLEET_VIEWER_PASSWORD). A user whose password
 * is not set is disabled (logged once at start); if none is set the service refuses to start, because
 * nobody could use it. Passwords are kept only as SHA-256 digests in memory and compared in constant time;
 * neither passwords nor failed user names are logged.
 */
@ApplicationScoped
public class ConfiguredUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ConfiguredUsers.class);

    private record User(String name, byte[] digest, Set<String> roles) {
    }

    private final Map<String, User> users = new LinkedHashMap<>();

    public ConfiguredUsers(UsersConfig config) {
        add(config.admin(), "UPSFLEET_ADMIN_PASSWORD", Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER));
        add(config.operator(), "UPSFLEET_OPERATOR_PASSWORD", Set.of(Roles.OPERATOR, Roles.VIEWER));
        add(config.viewer(), "UPSFLEET_VIEWER_PASSWORD", Set.of(Roles.VIEWER));
        if (users.isEmpty()) {
            throw new IllegalStateException("web-api has no user: set at least one of UPSFLEET_ADMIN_PASSWORD,"
                    + " UPSFLEET_OPERATOR_PASSWORD, UPSFLEET_VIEWER_PASSWORD");
        }
    }

    void logUsers(@Observes StartupEvent ev) {
        LOG.infof("web-api users enabled: %s (mode %s)", users.keySet(), LaunchMode.current());
    }

    private void add(UsersConfig.User configured, String envName, Set<String> roles) {
        String name = configured.name();
        Optional<String> password = configured.password().filter(p -> !p.isBlank());
        if (password.isEmpty()) {
            LOG.warnf("user '%s' is disabled: %s is not set", name, envName);
            return;
        }
        users.put(name, new User(name, digest(password.get()), roles));
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        User user = users.get(request.getUsername());
        byte[] given = digest(new String(request.getPassword().getPassword()));
        // compare even for unknown users so that timing does not reveal which names exist
        boolean ok = MessageDigest.isEqual(user == null ? new byte[32] : user.digest(), given) && user != null;
        if (!ok) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid credentials"));
        }
        return Uni.createFrom().item(identity(user));
    }

    /** The form-login cookie carries only the user name; roles are looked up again on every request. */
    Uni<SecurityIdentity> trusted(String name) {
        User user = users.get(name);
        if (user == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown or disabled user"));
        }
        return Uni.createFrom().item(identity(user));
    }

    private static SecurityIdentity identity(User user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles())
                .build();
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
