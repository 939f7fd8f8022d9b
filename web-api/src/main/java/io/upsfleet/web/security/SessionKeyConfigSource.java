package io.upsfleet.web.security;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Supplies the key that encrypts dashboard session cookies: UPSFLEET_SESSION_KEY when set (needed when
 * several replicas serve the same users), otherwise a random key per process (sessions then end at a
 * restart). Done here rather than by Quarkus's own fallback, which writes the generated key to the log.
 */
public class SessionKeyConfigSource implements ConfigSource {

    private static final String PROPERTY = "quarkus.http.auth.session.encryption-key";
    private final String key;

    public SessionKeyConfigSource() {
        String configured = System.getenv("UPSFLEET_SESSION_KEY");
        if (configured != null && !configured.isBlank()) {
            key = configured;
        } else {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            key = Base64.getEncoder().encodeToString(random);
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, key);
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? key : null;
    }

    @Override
    public String getName() {
        return "upsfleet-session-key";
    }

    @Override
    public int getOrdinal() {
        return 50; // below application.properties and the environment: an explicit setting always wins
    }
}
