package io.upsfleet.gateway.health;

import io.upsfleet.gateway.GatewayService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when connected to the broker; when the broker refused the gateway (credentials, certificate), data
 * {@code refused} says why. Liveness stays up while disconnected: the offline buffer works then. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Inject
    GatewayService gateway;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mqtt-broker");
        gateway.brokerRefusal().ifPresent(why -> response.withData("refused", why));
        return response
                .status(gateway.brokerConnected())
                .withData("pendingMessages", gateway.pendingMessages())
                .withData("upsUnits", gateway.unitCount())
                .withData("upsCommLost", gateway.commLostCount())
                .build();
    }
}
