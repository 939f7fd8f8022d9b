package io.upsfleet.alert;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.upsfleet.alert.notify.AlertEngine;
import io.upsfleet.alert.notify.AlertWorkDue;
import io.upsfleet.alert.outbox.OutboxSender;
import io.upsfleet.alert.protect.ProtectiveActions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread does the timed work of this replica (due alerts, escalation, stable flaps, protective steps)
 * on a fixed tick and immediately when kicked by a new edge; a second one delivers the outbox, so a slow
 * mail server or webhook (which may hold a delivery up to its timeout) never delays a protective
 * shutdown. Replicas coordinate through row locks in the database, so neither thread needs to know about
 * the others.
 */
@ApplicationScoped
public class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    private static final Duration HOUSEKEEPING_EVERY = Duration.ofHours(1);

    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private ExecutorService drainer;
    private Instant nextHousekeeping = Instant.now();
    private ScheduledExecutorService executor;

    @Inject
    AlertConfig config;
    @Inject
    AlertEngine engine;
    @Inject
    OutboxSender sender;
    @Inject
    ProtectiveActions protect;

    void start(@Observes StartupEvent ev) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-worker");
            t.setDaemon(true);
            return t;
        });
        drainer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "alert-outbox");
            t.setDaemon(true);
            return t;
        });
        long tick = config.tick().toMillis();
        executor.scheduleWithFixedDelay(this::kick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (drainer != null) {
            drainer.shutdownNow();
        }
    }

    /** After the engine's transaction committed: a pass now, or when a debounce ends. */
    void onWorkDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertWorkDue due) {
        if (due.at().isAfter(Instant.now())) {
            kickAt(due.at());
        } else {
            kick();
        }
    }

    /** Run a pass soon (coalesced: many kicks while one is queued make one pass). */
    private void kick() {
        if (executor != null && queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::pass);
            } catch (RuntimeException e) {
                queued.set(false);
            }
        }
    }

    private void kickAt(Instant at) {
        if (executor != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
            executor.schedule(this::kick, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void pass() {
        queued.set(false);
        Instant now = Instant.now();
        try {
            engine.promoteDue(now);
            engine.escalateDue(now);
            engine.endStableFlaps(now);
            if (!now.isBefore(nextHousekeeping)) {
                nextHousekeeping = now.plus(HOUSEKEEPING_EVERY);
                engine.forgetOldEventIds(now);
            }
        } catch (Exception e) {
            LOG.warnf("Alert pass failed, next tick retries: %s", e.toString());
        }
        try {
            protect.advance(Instant.now());
        } catch (Exception e) {
            LOG.warnf("Protective-action pass failed, next tick retries: %s", e.toString());
        }
        drainSoon();
    }

    /** Delivers the outbox on its own thread (coalesced: one drain queued at most). */
    private void drainSoon() {
        if (drainer != null && drainQueued.compareAndSet(false, true)) {
            try {
                drainer.execute(() -> {
                    drainQueued.set(false);
                    try {
                        sender.drain();
                    } catch (Exception e) {
                        LOG.warnf("Outbox pass failed, next tick retries: %s", e.toString());
                    }
                });
            } catch (RuntimeException e) {
                drainQueued.set(false);
            }
        }
    }
}
