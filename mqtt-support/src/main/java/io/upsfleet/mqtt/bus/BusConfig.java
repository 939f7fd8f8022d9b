package io.upsfleet.mqtt.bus;

import io.smallrye.config.ConfigMapping;
import io.upsfleet.mqtt.security.BrokerSettings;

import java.util.Optional;

/**
 * The broker every upsfleet service talks to, under {@code upsfleet.mqtt} (env {@code UPSFLEET_MQTT_*}; the
 * shared names in {@link BrokerSettings}).
 * The SmallRye services take host and port through {@code mp.messaging.connector.smallrye-mqtt.*} and the
 * rest through {@link BusSecurityCustomizer}, which applies it to every channel.
 */
@ConfigMapping(prefix = "upsfleet.mqtt")
public interface BusConfig extends BrokerSettings {

    /** Largest message the service's channels read (set per channel in application.properties). */
    Optional<Integer> maxMessageSize();
}
