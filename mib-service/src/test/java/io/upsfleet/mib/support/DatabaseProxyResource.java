package io.upsfleet.mib.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.TcpProxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Routes the service's reactive PostgreSQL pool (the whole ingest path and the DB readiness check)
 * through a {@link TcpProxy}, so tests can cut the database away and bring it back. Flyway and the
 * tests' own JDBC queries go directly to PostgreSQL.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;

    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        try {
            proxy = new TcpProxy(infra.dbHost, infra.dbPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + proxy.port() + "/${upsfleet.db.name}");
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
