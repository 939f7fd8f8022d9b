package io.upsfleet.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.upsfleet.mqtt.security.BusSecurity;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker, under {@code upsfleet.mqtt} (env {@code UPSFLEET_MQTT_*}), named as in every upsfleet service:
 * where it is, who we are to it and which CA we trust for it. See the module README.
 */
@ConfigMapping(prefix = "upsfleet.mqtt")
public interface BrokerConfig {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("1883")
    int port();

    /** Broker user; absent: anonymous (only the tests' broker allows that). */
    Optional<String> username();

    Optional<String> password();

    /** TLS to the broker (its TLS port, 8883 in deploy/mosquitto). */
    @WithDefault("false")
    boolean tls();

    /** PEM CA certificate(s) to trust for the broker; absent: the JVM's default CAs. */
    Optional<String> caFile();

    /** PEM client certificate and PKCS#8 key, for brokers that want one. */
    Optional<String> clientCertFile();

    Optional<String> clientKeyFile();

    default BusSecurity security() {
        return new BusSecurity(username(), password(), tls(), caFile().map(Path::of), clientCertFile().map(Path::of),
                clientKeyFile().map(Path::of));
    }
}
