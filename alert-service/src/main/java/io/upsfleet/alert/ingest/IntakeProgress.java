package io.upsfleet.alert.ingest;

import io.upsfleet.alert.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness tells the truth about the alarm intake: DOWN while one edge has been retried longer than
 * {@code upsfleet.alert.stall-after} (the edges behind it wait), UP again once it is taken.
 */
@Readiness
@ApplicationScoped
public class IntakeProgress implements HealthCheck {

    private final Duration stallAfter;
    private volatile long busySinceNanos;
    private volatile boolean busy;

    public IntakeProgress(AlertConfig config) {
        this.stallAfter = config.stallAfter();
    }

    void started() {
        busySinceNanos = System.nanoTime();
        busy = true;
    }

    void finished() {
        busy = false;
    }

    Duration stalledFor() {
        return busy ? Duration.ofNanos(System.nanoTime() - busySinceNanos) : Duration.ZERO;
    }

    @Override
    public HealthCheckResponse call() {
        Duration stalled = stalledFor();
        return HealthCheckResponse.named("alert intake progress")
                .status(stalled.compareTo(stallAfter) <= 0)
                .withData("stalledSeconds", stalled.toSeconds())
                .build();
    }
}
