package io.upsfleet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Routes a service's database connections through a {@link TcpProxy}, so tests can cut the database away
 * and bring it back while their own checks go to PostgreSQL directly.
 * <p>Init args: {@code property}, the connection URL setting to override (default: the reactive pool's
 * {@code quarkus.datasource.reactive.url}); {@code url}, its value with {@code {port}} for the proxy's port
 * (default {@code postgresql://127.0.0.1:{port}/${upsfleet.db.name}}); any other arg is passed on as a
 * config property.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;
    private final Map<String, String> args = new HashMap<>();

    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        args.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        try {
            proxy = new TcpProxy(infra.dbHost, infra.dbPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(args);
        String property = config.remove("property");
        String url = config.remove("url");
        config.put(property == null ? "quarkus.datasource.reactive.url" : property,
                (url == null ? "postgresql://127.0.0.1:{port}/${upsfleet.db.name}" : url).replace("{port}", String.valueOf(proxy.port())));
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
