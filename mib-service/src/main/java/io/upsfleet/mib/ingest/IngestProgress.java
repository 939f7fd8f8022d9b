package io.upsfleet.mib.ingest;

import io.upsfleet.mib.MibConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness tells the truth about the ingest: DOWN when messages have waited longer than
 * {@code upsfleet.mib.stall-after} without any batch being stored or dead-lettered (a database outage, or
 * anything else that holds the stream), UP again as soon as a batch finishes.
 */
@Readiness
@ApplicationScoped
public class IngestProgress implements HealthCheck {

    private final IngestMetrics metrics;
    private final Duration stallAfter;

    public IngestProgress(IngestMetrics metrics, MibConfig config) {
        this.metrics = metrics;
        this.stallAfter = config.stallAfter();
    }

    @Override
    public HealthCheckResponse call() {
        Duration stalled = metrics.stalledFor();
        return HealthCheckResponse.named("mib ingest progress")
                .status(stalled.compareTo(stallAfter) <= 0)
                .withData("waiting", metrics.unacknowledged())
                .withData("stalledSeconds", stalled.toSeconds())
                .build();
    }
}
