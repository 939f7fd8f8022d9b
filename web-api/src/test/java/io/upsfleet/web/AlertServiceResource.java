package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.PackagedService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The real alert-service for web-api's tests: its packaged jar as its own JVM, on web-api's test database
 * and the test broker, with its own shared-subscription group, a clean MQTT session, no debounce and
 * protective actions for UPS ids starting with {@value #PROTECTED_PREFIX}. web-api is pointed at it with
 * the API password set on both sides; the init arg {@code webApiPassword} gives web-api another one.
 */
public class AlertServiceResource implements QuarkusTestResourceLifecycleManager {

    public static final String PROTECTED_PREFIX = "wprot-";
    private static final String API_PASSWORD = "test-alert-api-" + UUID.randomUUID();
    private static volatile PackagedService service;

    private String database = "upsfleet_test_webapi";
    private String webApiPassword = API_PASSWORD;

    /** The running alert-service (tests that need it down stop it). */
    public static PackagedService service() {
        return service;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        webApiPassword = initArgs.getOrDefault("webApiPassword", webApiPassword);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = Infra.get().connectionProperties(database);
        // suffixed like the database: checkouts testing at once on one broker must not split each other's alarms
        properties.put("upsfleet.alert.group", Infra.database("alert-webapi-test"));
        properties.put("upsfleet.alert.mqtt.persistent-session", "false");
        properties.put("upsfleet.alert.debounce", "PT0S");
        properties.put("upsfleet.alert.tick", "200ms");
        properties.put("upsfleet.alert.protect.\"" + PROTECTED_PREFIX + "*\".enabled", "true");
        properties.put("upsfleet.alert.protect.\"" + PROTECTED_PREFIX + "*\".grace", "PT10M");
        try {
            service = PackagedService.start(PackagedService.repo(), "alert-service", properties,
                    Map.of("UPSFLEET_ALERT_API_PASSWORD", API_PASSWORD));
            service.awaitReady(Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of("upsfleet.alerts.url", service.url(), "upsfleet.alerts.password", webApiPassword);
    }

    @Override
    public void stop() {
        if (service != null) {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After {@link io.upsfleet.testsupport.InfraResource}, which recreates the database alert-service migrates. */
    @Override
    public int order() {
        return 1;
    }
}
