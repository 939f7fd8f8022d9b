package io.upsfleet.alert.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.channel.AlertChannel;
import io.upsfleet.alert.channel.Channels;
import io.upsfleet.alert.notify.Notice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
    MeterRegistry registry;

    /** Sends everything due; returns the number of rows handled. */
    public int drain() {
        int handled = 0;
        while (true) {
            List<OutboxStore.Row> rows = store.claim(claimer, config.outbox().batchSize(), config.outbox().lease(), Instant.now());
            if (rows.isEmpty()) {
                return handled;
            }
            for (OutboxStore.Row row : rows) {
                deliver(row);
                handled++;
            }
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
            registry.counter("upsfleet.alert.deliveries", "channel", row.channel(), "outcome", "sent").increment();
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
            registry.counter("upsfleet.alert.deliveries", "channel", row.channel(), "outcome", "failed").increment();
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
