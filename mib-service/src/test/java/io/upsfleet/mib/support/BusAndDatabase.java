package io.upsfleet.mib.support;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What an ingest test works with: the service's database and a publisher on its broker, fresh per test. */
public abstract class BusAndDatabase {

    @Inject
    protected AgroalDataSource dataSource;

    protected Db db;
    protected Mqtt mqtt;

    @BeforeEach
    void connect() {
        db = new Db(dataSource);
        mqtt = new Mqtt();
    }

    @AfterEach
    void disconnect() {
        mqtt.close();
    }
}
