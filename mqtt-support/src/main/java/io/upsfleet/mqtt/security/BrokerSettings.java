package io.upsfleet.mqtt.security;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker settings every upsfleet service shares, under {@code upsfleet.mqtt} (env {@code UPSFLEET_MQTT_*}):
 * where the broker is, who we are to it and which CA we trust for it. Each service's {@code @ConfigMapping}
 * extends this interface, so the names and defaults are written once.
 */
public interface BrokerSettings {

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

    /** PEM CA certificate(s) to trust for the broker's certificate; absent: the JVM's default CAs. */
    Optional<String> caFile();

    /** PEM client certificate, for brokers that want one (with {@link #clientKeyFile()}, PKCS#8). */
    Optional<String> clientCertFile();

    Optional<String> clientKeyFile();

    default BusSecurity security() {
        return new BusSecurity(username(), password(), tls(), caFile().map(Path::of), clientCertFile().map(Path::of),
                clientKeyFile().map(Path::of));
    }
}
