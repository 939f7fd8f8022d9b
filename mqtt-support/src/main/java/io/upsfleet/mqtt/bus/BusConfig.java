package io.upsfleet.mqtt.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.upsfleet.mqtt.security.BusSecurity;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker every upsfleet service talks to, under {@code upsfleet.mqtt} (env {@code UPSFLEET_MQTT_*}).
 * The SmallRye services take host and port through {@code mp.messaging.connector.smallrye-mqtt.*} and the
 * rest through {@link BusSecurityCustomizer}, which applies it to every channel.
 */
@ConfigMapping(prefix = "upsfleet.mqtt")
public interface BusConfig {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("1883")
    int port();

    /** Largest message the service's channels read (set per channel in application.properties). */
    Optional<Integer> maxMessageSize();

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
