package io.upsfleet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL and MQTT broker chosen by {@link Infra}, with a
 * fresh database named by the init arg {@code database} (default {@code upsfleet_test}). It sets the
 * {@code upsfleet.db.*} and {@code upsfleet.mqtt.*} properties every service derives its connections from.
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

    private String database = "upsfleet_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        infra.recreateDatabase(database);
        Map<String, String> config = new HashMap<>();
        config.put("upsfleet.db.host", infra.dbHost);
        config.put("upsfleet.db.port", String.valueOf(infra.dbPort));
        config.put("upsfleet.db.name", database);
        config.put("upsfleet.db.user", infra.dbUser);
        config.put("upsfleet.db.password", infra.dbPassword);
        config.put("upsfleet.mqtt.host", infra.mqttHost);
        config.put("upsfleet.mqtt.port", String.valueOf(infra.mqttPort));
        return config;
    }

    @Override
    public void stop() {
        // The database is kept after the run for inspection; the next run recreates it.
    }
}
