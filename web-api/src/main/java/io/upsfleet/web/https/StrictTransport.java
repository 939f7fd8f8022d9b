package io.upsfleet.web.https;

import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Adds {@code Strict-Transport-Security} to every response served over HTTPS (directly, or behind a proxy
 * that says so in X-Forwarded-Proto when quarkus.http.proxy.proxy-address-forwarding is on), never over
 * plain HTTP, where a browser would ignore it anyway and it would only mislead. The dashboard's session
 * cookie is marked {@code Secure} on the same condition by Quarkus's form login (and by logout, MeResource).
 */
@ApplicationScoped
public class StrictTransport {

    private static final Logger LOG = Logger.getLogger(StrictTransport.class);

    private final HttpsConfig config;

    @ConfigProperty(name = "quarkus.http.ssl-port", defaultValue = "8443")
    int sslPort;

    public StrictTransport(HttpsConfig config) {
        this.config = config;
    }

    void announce(@Observes StartupEvent ev) {
        if (config.cert().isPresent() && config.key().isPresent()) {
            LOG.infof("HTTPS on port %d with %s (HSTS max-age %d s)", sslPort, config.cert().get(), config.hstsMaxAge().toSeconds());
        } else {
            LOG.info("HTTPS off (UPSFLEET_HTTPS_CERT/UPSFLEET_HTTPS_KEY not set): plain HTTP only, e.g. behind a TLS-terminating ingress");
        }
    }

    void install(@Observes Router router) {
        long maxAge = config.hstsMaxAge().toSeconds();
        if (maxAge <= 0) {
            return;
        }
        String value = "max-age=" + maxAge;
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (ctx.request().isSSL()) {
                ctx.response().putHeader("Strict-Transport-Security", value);
            }
            ctx.next();
        });
    }
}
