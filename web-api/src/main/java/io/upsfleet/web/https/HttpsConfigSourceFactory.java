package io.upsfleet.web.https;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Turns HTTPS on when a certificate and its key are configured ({@code upsfleet.https.cert} and
 * {@code upsfleet.https.key}, env UPSFLEET_HTTPS_CERT / UPSFLEET_HTTPS_KEY, PEM files, e.g. from
 * scripts/make-web-cert.sh): it defines the TLS registry configuration {@code web-https} with them and
 * names it for the HTTP server, which then also listens on {@code quarkus.http.ssl-port} (8443). Without
 * both, nothing is added and web-api serves plain HTTP only (e.g. behind an ingress that terminates TLS).
 * Explicit quarkus.* settings win (low ordinal).
 */
public class HttpsConfigSourceFactory implements ConfigSourceFactory {

    static final String TLS_NAME = "web-https";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String cert = value(context, "upsfleet.https.cert");
        String key = value(context, "upsfleet.https.key");
        if (cert == null || key == null) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.tls." + TLS_NAME + ".key-store.pem.0.cert", cert,
                "quarkus.tls." + TLS_NAME + ".key-store.pem.0.key", key,
                "quarkus.http.tls-configuration-name", TLS_NAME), "upsfleet-https", 60));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
    }
}
