package io.upsfleet.mib.ingest;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Stores the spooled batches once the database is back, oldest first, next to the live stream (the writes
 * are idempotent and newer-only, so the order between spooled and live batches does not matter). A batch
 * is removed from the spool only once stored; while the database is away, the next tick tries again.
 */
@ApplicationScoped
public class SpoolDrainer {

    private static final Logger LOG = Logger.getLogger(SpoolDrainer.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(60);

    private final Spool spool;
    private final IngestPipeline pipeline;
    private final io.vertx.mutiny.sqlclient.Pool pool;
    private boolean draining;

    public SpoolDrainer(Spool spool, IngestPipeline pipeline, io.vertx.mutiny.sqlclient.Pool pool) {
        this.spool = spool;
        this.pipeline = pipeline;
        this.pool = pool;
    }

    @Scheduled(every = "${upsfleet.mib.spool.drain-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drain() {
        if (!spool.enabled()) {
            return;
        }
        if (spool.batches() == 0) {
            if (pipeline.databaseAway()) {
                probe();
            }
            return;
        }
        long stored = 0;
        try {
            Optional<Spool.Entry> next;
            while ((next = spool.oldest()).isPresent()) {
                Spool.Entry entry = next.get();
                pipeline.replay(entry).await().atMost(STORE_TIMEOUT);
                spool.remove(entry);
                pipeline.databaseBack();
                stored += entry.messages().size();
                if (!draining) {
                    draining = true;
                    LOG.infof("The database is back: storing %d spooled batch(es)", spool.batches() + 1);
                }
            }
            if (draining) {
                LOG.infof("Spool drained (%d messages in the last pass)", stored);
                draining = false;
            }
        } catch (Exception e) {
            LOG.debugf("Spool not drained yet (%d batches wait): %s", spool.batches(), e.toString());
        }
    }

    /** With nothing spooled, a plain query tells whether the database is back. */
    private void probe() {
        try {
            pool.query("SELECT 1").execute().await().atMost(Duration.ofSeconds(5));
            pipeline.databaseBack();
        } catch (RuntimeException e) {
            LOG.debugf("The database is still away: %s", e.toString());
        }
    }
}
