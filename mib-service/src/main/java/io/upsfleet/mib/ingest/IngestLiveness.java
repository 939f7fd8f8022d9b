package io.upsfleet.mib.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN once the ingest stream has ended with a failure: the connector's stream cannot be resubscribed,
 * so the only cure is a restart (which a liveness probe triggers). Unacknowledged messages are then
 * redelivered by the broker to the group.
 */
@Liveness
@ApplicationScoped
public class IngestLiveness implements HealthCheck {

    private final IngestPipeline pipeline;

    public IngestLiveness(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mib ingest stream")
                .status(!pipeline.stopped.get())
                .build();
    }
}
