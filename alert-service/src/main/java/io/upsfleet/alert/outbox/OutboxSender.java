package io.upsfleet.alert.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.context.api.ManagedExecutorConfig;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.channel.AlertChannel;
import io.upsfleet.alert.channel.Channels;
import io.upsfleet.alert.channel.Notice;
import io.upsfleet.alert.metrics.Counts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Delivers claimed outbox rows; a failure is recorded and retried with exponential backoff, forever. */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    private final String claimer = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    OutboxStore store;
    @Inject
    Channels channels;
    @Inject
    AlertConfig config;
    @Inject
    Counts counts;
    @Inject
    MeterRegistry registry;
    /** Quarkus's worker pool; deliveries carry no context of whoever started the drain. */
    @Inject
    @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    ManagedExecutor executor;

    /**
     * Sends everything due; returns the number of rows handled. Rows for different (channel, recipient)
     * go out in parallel, at most {@code outbox.parallelism} at a time; those for the same one in order,
     * so a clear never overtakes its raise.
     */
    public int drain() {
        int handled = 0;
        while (true) {
            List<OutboxStore.Row> rows = store.claim(claimer, config.outbox().batchSize(), config.outbox().lease(), Instant.now());
            if (rows.isEmpty()) {
                return handled;
            }
            Map<String, List<OutboxStore.Row>> byTarget = new LinkedHashMap<>();
            for (OutboxStore.Row row : rows) {
                byTarget.computeIfAbsent(row.channel() + "\u0000" + row.recipient(), k -> new ArrayList<>()).add(row);
            }
            // As many senders as the parallelism allows, each taking one target's rows at a time.
            Queue<List<OutboxStore.Row>> targets = new ConcurrentLinkedQueue<>(byTarget.values());
            int senders = Math.min(Math.max(1, config.outbox().parallelism()), targets.size());
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                running.add(executor.runAsync(() -> {
                    for (List<OutboxStore.Row> group; (group = targets.poll()) != null; ) {
                        deliverInOrder(group);
                    }
                }));
            }
            try {
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                LOG.warnf("Delivery task failed: %s", e.getCause().toString());
            }
            handled += rows.size();
        }
    }

    private void deliverInOrder(List<OutboxStore.Row> group) {
        try {
            group.forEach(this::deliver);
        } catch (RuntimeException e) {
            // The rest of this target's rows stay claimed until their lease ends, then are taken again.
            LOG.warnf("Delivery to %s failed: %s", group.get(0).channel(), e.toString());
        }
    }

    private void deliver(OutboxStore.Row row) {
        long start = System.nanoTime();
        Optional<AlertChannel> channel = channels.byName(row.channel());
        try {
            Notice notice = row.notice();
            channel.orElseThrow(() -> new IllegalStateException("unknown channel " + row.channel())).send(notice, row.recipient());
            long ms = (System.nanoTime() - start) / 1_000_000;
            store.markSent(row, claimer, ms);
            counts.increment("upsfleet.alert.deliveries", "channel", row.channel(), "outcome", "sent");
            Timer.builder("upsfleet.alert.notice.latency").tag("channel", row.channel())
                    .description("from the notice being decided to its delivery")
                    .publishPercentiles(0.5, 0.99).register(registry)
                    .record(Duration.between(notice.at(), Instant.now()));
            LOG.infof("Delivered %s of alert %s via %s%s (attempt %d)", row.kind(), row.alertId(), row.channel(),
                    row.recipient().isEmpty() ? "" : " to " + row.recipient(), row.attempts() + 1);
        } catch (Exception e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            Duration backoff = backoff(row.attempts());
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            store.markFailed(row, claimer, error, Instant.now().plus(backoff), ms);
            counts.increment("upsfleet.alert.deliveries", "channel", row.channel(), "outcome", "failed");
            LOG.warnf("Delivery of %s of alert %s via %s failed (attempt %d), retry in %d ms: %s", row.kind(),
                    row.alertId(), row.channel(), row.attempts() + 1, backoff.toMillis(), error);
        }
    }

    Duration backoff(int previousAttempts) {
        Duration d = config.outbox().initialBackoff().multipliedBy(1L << Math.min(previousAttempts, 20));
        return d.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : d;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "alert";
        }
    }
}
