package io.upsfleet.gateway.mqtt;

import io.upsfleet.mqtt.security.BrokerRefusal;
import io.upsfleet.mqtt.security.BusSecurity;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLSocketFactory;
import java.util.Optional;

/**
 * How the gateway's Paho clients reach the broker: URI ({@code ssl://} with TLS), username/password, the TLS
 * socket factory trusting the configured CA (built once, at start: a missing CA file stops the gateway), and
 * the refusal of the last connection attempt, which readiness reports (a refused connection never heals by
 * retrying, so it must not look like a broker that is merely slow).
 */
public final class BrokerConnection {

    private static final Logger LOG = Logger.getLogger(BrokerConnection.class);

    private final String uri;
    private final BusSecurity security;
    private final SSLSocketFactory socketFactory;
    private volatile String refusal;

    public BrokerConnection(String host, int port, BusSecurity security) {
        this.uri = security.pahoUri(host, port);
        this.security = security;
        this.socketFactory = security.tls() ? security.socketFactory() : null;
        LOG.infof("MQTT broker %s, %s", uri, security.describe());
    }

    public String uri() {
        return uri;
    }

    /** Credentials and TLS on a connection's options (Paho checks the broker's host name against its certificate). */
    public void applyTo(MqttConnectOptions options) {
        security.username().ifPresent(options::setUserName);
        security.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        if (socketFactory != null) {
            options.setSocketFactory(socketFactory);
            options.setHttpsHostnameVerificationEnabled(true);
        }
    }

    /** Notes why a connection attempt failed; a refusal is logged (once per cause) and kept for readiness. */
    public void failed(MqttException e) {
        Optional<BrokerRefusal> why = BrokerRefusal.ofConnackCode(e.getReasonCode()).or(() -> BrokerRefusal.ofTlsFailure(e));
        String now = why.map(r -> r.explanation() + " [" + BrokerRefusal.rootMessage(e) + "]").orElse(null);
        if (now != null && !now.equals(refusal)) {
            LOG.errorf("MQTT broker %s refuses this gateway: %s", uri, now);
        }
        refusal = now;
    }

    public void connected() {
        refusal = null;
    }

    /** Why the broker refused the last connection attempt, if it did. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }
}
