package io.upsfleet.nut.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.testsupport.InfraResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The test broker (through {@link InfraResource}) and a free NUT port for this run: never 3493, where a real
 * upsd may listen.
 */
public class NutPortResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "upsfleet_test_nut";
    private final InfraResource infra = new InfraResource();

    @Override
    public void init(Map<String, String> initArgs) {
        infra.init(Map.of("database", DATABASE));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infra.start());
        config.put("upsfleet.nut.port", String.valueOf(freePort()));
        return config;
    }

    @Override
    public void stop() {
        infra.stop();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
