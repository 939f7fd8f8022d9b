package io.upsfleet.gateway.health;

import io.upsfleet.gateway.GatewayService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when connected to the broker. Liveness stays up while disconnected: the offline buffer works then. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Inject
    GatewayService gateway;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt-broker")
                .status(gateway.brokerConnected())
                .withData("pendingMessages", gateway.pendingMessages())
                .withData("upsUnits", gateway.unitCount())
                .withData("upsCommLost", gateway.commLostCount())
                .build();
    }
}
