package io.upsfleet.web.security.oidc;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Switches quarkus-oidc's default tenant on only when {@code upsfleet.oidc.auth-server-url} (env
 * UPSFLEET_OIDC_AUTH_SERVER_URL) is set, as a bearer-token resource server ("service"); otherwise it is
 * disabled and HTTP Basic and the dashboard's form login work exactly as without OIDC. Explicit quarkus.oidc.*
 * settings win (low ordinal), e.g. QUARKUS_OIDC_TOKEN_AUDIENCE or QUARKUS_OIDC_TOKEN_ISSUER.
 */
public class OidcConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String url = value(context, "upsfleet.oidc.auth-server-url");
        if (url == null) {
            return List.of(new PropertiesConfigSource(Map.of("quarkus.oidc.tenant-enabled", "false"), "upsfleet-oidc", 60));
        }
        String clientId = value(context, "upsfleet.oidc.client-id");
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", url,
                "quarkus.oidc.client-id", clientId == null ? "upsfleet" : clientId,
                "quarkus.oidc.application-type", "service"), "upsfleet-oidc", 60));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
    }
}
