package io.upsfleet.nut.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the NUT port is bound (the MQTT channels report their own readiness). */
@Readiness
@ApplicationScoped
public class ListenerHealth implements HealthCheck {

    private final NutServer server;

    public ListenerHealth(NutServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("nut-listener").status(server.listening())
                .withData("connections", server.connections()).build();
    }
}
