package io.upsfleet.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.upsfleet.mqtt.security.BrokerSettings;

/**
 * The broker, under {@code upsfleet.mqtt} (env {@code UPSFLEET_MQTT_*}), named as in every upsfleet service
 * ({@link BrokerSettings}). See the module README.
 */
@ConfigMapping(prefix = "upsfleet.mqtt")
public interface BrokerConfig extends BrokerSettings {
}
