package io.upsfleet.mib.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Topics;
import io.upsfleet.mib.support.BusAndDatabase;
import io.upsfleet.mib.support.Payloads;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.TcpProxy;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage longer than the broker's queue can cover loses nothing: mib-service keeps taking
 * messages off the broker into its local spool (acknowledged once on disk) and stores them when the
 * database is back. The machine's broker keeps at most 1,000 queued QoS 1 messages per session (its
 * default): without the spool, most of these 5,000 readings (published over 5 s) would be dropped by the
 * broker.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class SpoolTest extends BusAndDatabase {

    private static final int READINGS = 5_000;

    @Inject
    IngestMetrics metrics;
    @Inject
    Spool spool;

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void readingsPublishedDuringALongDatabaseOutageAreSpooledAndAllStoredOnceItIsBack() {
        TcpProxy proxy = DatabaseProxyResource.proxy();
        String ups = Payloads.upsId("spool");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long spooledBefore = metrics.spooledCount();
        proxy.cut();
        try {
            // about 1,000 readings/s for 5 s: the machine's broker queues 1,000 per session, one second's worth
            for (int i = 0; i < READINGS; i++) {
                mqtt.publish(Topics.reading(ups), Payloads.reading(ups, t0.plusMillis(i), 220 + i % 20, "00001000"));
                if (i % 100 == 99) {
                    pause(Duration.ofMillis(100));
                }
            }
            // every reading is taken off the broker and kept on disk while the database is away
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics.spooledCount() - spooledBefore >= READINGS);
            assertThat(spool.batches()).isPositive();
            System.out.printf("spool: %d readings in %d batches, %d bytes (%.1f bytes/reading)%n",
                    READINGS, spool.batches(), spool.bytes(), (double) spool.bytes() / READINGS);
            assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups)).isZero();
        } finally {
            proxy.restore();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == READINGS);
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.batches() == 0);
        assertThat(db.count("SELECT count(DISTINCT ts) FROM reading WHERE ups_id = ?", ups)).isEqualTo(READINGS);
        assertThat(metrics.unspooledCount()).isGreaterThanOrEqualTo(READINGS);
    }
}
