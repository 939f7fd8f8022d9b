package io.upsfleet.alert.work;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.context.api.ManagedExecutorConfig;
import io.upsfleet.alert.notify.AlertEngine;
import io.upsfleet.alert.notify.AlertWorkDue;
import io.upsfleet.alert.outbox.OutboxSender;
import io.upsfleet.alert.protect.ProtectiveActions;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.ingest.DeadLetters;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * The timed work of this replica, in two lanes on Quarkus's worker pool: due work (due alerts, escalations,
 * stable flaps, then protective steps) and outbox delivery, so a slow mail server or webhook (which may hold
 * a delivery up to its timeout) never delays a protective shutdown. Each lane runs on every tick and as soon
 * as the engine announces work ({@link AlertWorkDue}); the end of a debounce is met with a Vert.x timer.
 * Replicas coordinate through row locks in the database, so no lane needs to know about the others.
 */
@ApplicationScoped
public class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    @Inject
    AlertEngine engine;
    @Inject
    ProtectiveActions protect;
    @Inject
    OutboxSender sender;
    @Inject
    Vertx vertx;
    @Inject
    AlertConfig config;
    @Inject
    DeadLetters deadLetters;
    /** Background passes carry no context (transaction, request) of whoever kicked them. */
    @Inject
    @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    ManagedExecutor executor;

    private Lane dueWork;
    private Lane delivery;

    @PostConstruct
    void init() {
        delivery = new Lane("Outbox", executor, sender::drain);
        dueWork = new Lane("Alert", executor, this::dueWorkPass);
    }

    @PreDestroy
    void close() {
        dueWork.close();
        delivery.close();
    }

    @Scheduled(every = "${upsfleet.alert.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        dueWork.kick();
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldEventIds() {
        engine.forgetOldEventIds(Instant.now());
        deadLetters.forgetOlderThan(Instant.now().minus(config.deadLetterRetention()));
    }

    /** After the engine's transaction committed: now, or when a debounce ends. */
    void onWorkDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertWorkDue due) {
        long delay = Duration.between(Instant.now(), due.at()).toMillis();
        if (delay <= 0) {
            dueWork.kick();
        } else {
            vertx.setTimer(delay, id -> dueWork.kick());
        }
    }

    private void dueWorkPass() {
        Instant now = Instant.now();
        try {
            engine.promoteDue(now);
            engine.escalateDue(now);
            engine.endStableFlaps(now);
        } catch (RuntimeException e) {
            LOG.warnf("Alert pass failed, the next tick retries: %s", e.toString());
        }
        try {
            protect.advance(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Protective-action pass failed, the next tick retries: %s", e.toString());
        }
        delivery.kick();
    }
}
