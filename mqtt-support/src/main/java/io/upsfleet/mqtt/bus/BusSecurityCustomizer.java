package io.upsfleet.mqtt.bus;

import io.quarkus.arc.Unremovable;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.upsfleet.mqtt.security.BusSecurity;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.util.Optional;

/**
 * Gives every SmallRye MQTT channel of the service the broker credentials and TLS settings of
 * {@link BusConfig}, so no channel can be forgotten. The CA and key files are read once, when the bean is
 * created (at start): a missing file stops the service with its name.
 */
@ApplicationScoped
@Unremovable // looked up by the connector through Instance<ClientCustomizer<?>>, never injected
public class BusSecurityCustomizer implements ClientCustomizer<MqttClientSessionOptions> {

    private static final Logger LOG = Logger.getLogger(BusSecurityCustomizer.class);

    private final BusSecurity security;
    private final X509TrustManager trust;
    private final Optional<X509KeyManager> key;

    public BusSecurityCustomizer(BusConfig config) {
        this.security = config.security();
        this.trust = security.tls() ? security.trustManager() : null;
        this.key = security.tls() ? security.keyManager() : Optional.empty();
        LOG.infof("MQTT broker %s:%d, %s", config.host(), config.port(), security.describe());
    }

    @Override
    public MqttClientSessionOptions customize(String channel, Config channelConfig, MqttClientSessionOptions options) {
        security.username().ifPresent(options::setUsername);
        security.password().ifPresent(options::setPassword);
        if (security.tls()) {
            options.setSsl(true);
            options.setTrustOptions(TrustOptions.wrap(trust));
            key.ifPresent(k -> options.setKeyCertOptions(KeyCertOptions.wrap(k)));
            // The connector leaves host names unchecked unless told; a certificate must name the broker's host.
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        return options;
    }
}
