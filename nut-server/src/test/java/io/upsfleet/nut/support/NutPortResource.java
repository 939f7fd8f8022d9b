package io.upsfleet.nut.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.testsupport.Infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The test broker chosen by {@link Infra} (nut-server needs no database) and a free NUT port for this run:
 * never 3493, where a real upsd may listen.
 */
public class NutPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        return Map.of("upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort),
                "upsfleet.nut.port", String.valueOf(freePort()));
    }

    @Override
    public void stop() {
        // nothing kept
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
