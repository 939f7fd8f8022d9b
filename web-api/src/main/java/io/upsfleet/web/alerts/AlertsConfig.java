package io.upsfleet.web.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How web-api reaches alert-service's REST API, {@code upsfleet.alerts.*}. */
@ConfigMapping(prefix = "upsfleet.alerts")
public interface AlertsConfig {

    /** Base URL of alert-service (env {@code UPSFLEET_ALERTS_URL}). */
    @WithDefault("http://127.0.0.1:8082")
    String url();

    /** The user alert-service knows web-api as ({@code upsfleet.alert.api.user} there). */
    @WithDefault("web-api")
    String user();

    /** alert-service's API password (env {@code UPSFLEET_ALERT_API_PASSWORD}, the same on both services). */
    Optional<String> password();

    /** Longest wait for alert-service to connect and to answer: operators get a 503 rather than a hung page. */
    @WithDefault("PT3S")
    Duration timeout();
}
