package io.upsfleet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
        return infra.connectionProperties(database);
    }

    @Override
    public void stop() {
        // The database is kept after the run for inspection; the next run recreates it.
    }
}
