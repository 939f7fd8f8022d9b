package io.upsfleet.nut.support;

import io.upsfleet.contracts.Topics;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A gateway's poll loop in miniature: a fresh reading of one unit every 500 ms, so it never goes stale. */
public final class Feeder implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private volatile String flags;

    public Feeder(Bus bus, String upsId, String flags) {
        this.flags = flags;
        timer.scheduleAtFixedRate(() -> bus.publish(Topics.reading(upsId), Bus.reading(upsId, this.flags, 230.0, Instant.now())),
                0, 500, TimeUnit.MILLISECONDS);
    }

    public void flags(String flags) {
        this.flags = flags;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
