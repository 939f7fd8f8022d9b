package io.upsfleet.alert.api;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.upsfleet.alert.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The one client of alert-service's REST API: web-api, which serves the operators and acts for them. It
 * logs in with HTTP Basic as {@code upsfleet.alert.api.user} (default {@code web-api}) with the password in
 * {@code UPSFLEET_ALERT_API_PASSWORD}, and gets the role {@link #ROLE}. Without a password the API refuses
 * everyone (closed by default; a WARN at start says so). The password is kept as a SHA-256 digest and
 * compared in constant time.
 */
@ApplicationScoped
public class ApiClient implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ROLE = "alert-api";
    private static final Logger LOG = Logger.getLogger(ApiClient.class);

    private final String user;
    private final Optional<byte[]> digest;

    public ApiClient(AlertConfig config) {
        this.user = config.api().user();
        this.digest = config.api().password().filter(p -> !p.isBlank()).map(ApiClient::sha256);
    }

    void announce(@Observes StartupEvent event) {
        if (digest.isEmpty()) {
            LOG.warn("alert-service REST API is closed to everyone: UPSFLEET_ALERT_API_PASSWORD is not set"
                    + " (web-api then cannot list or acknowledge alerts)");
        } else {
            LOG.infof("alert-service REST API open to '%s' (HTTP Basic)", user);
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] given = sha256(new String(request.getPassword().getPassword()));
        boolean ok = digest.isPresent() & MessageDigest.isEqual(digest.orElse(new byte[32]), given)
                & user.equals(request.getUsername());
        if (!ok) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid credentials"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user)).addRole(ROLE).build());
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
