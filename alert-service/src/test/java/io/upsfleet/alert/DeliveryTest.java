package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.alert.outbox.OutboxStore;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class DeliveryTest {

    @Inject
    OutboxStore store;

    @Test
    void smtpOutageDelaysButDoesNotLoseTheEmail() throws Exception {
        String ups = Alarms.upsId("smtp");
        Receivers.stopSmtp();
        try {
            Alarms.raise(ups, AlarmType.UPS_FAULT);
            // The other channels go out; the email keeps failing and every attempt is recorded.
            await().atMost(Duration.ofSeconds(15)).until(() -> Receivers.postsAbout("/pager", ups).size() == 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> failedEmailAttempts(ups) >= 3);
        } finally {
            Receivers.startSmtp();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> Receivers.mailsAbout(ups).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Receivers.mailsAbout(ups).size() == 1);
        assertThat(Alarms.count("""
                SELECT count(*) FROM alert_outbox o JOIN alert a ON a.alert_id = o.alert_id
                WHERE a.ups_id = ? AND o.channel = 'email' AND o.status = 'SENT' AND o.attempts >= 4""", ups)).isEqualTo(1);
        assertThat(Alarms.count("""
                SELECT count(*) FROM alert_delivery_attempt d JOIN alert_outbox o ON o.id = d.outbox_id
                JOIN alert a ON a.alert_id = o.alert_id WHERE a.ups_id = ? AND o.channel = 'email' AND d.ok""", ups)).isEqualTo(1);
    }

    private static long failedEmailAttempts(String ups) throws Exception {
        return Alarms.count("""
                SELECT count(*) FROM alert_delivery_attempt d JOIN alert_outbox o ON o.id = d.outbox_id
                JOIN alert a ON a.alert_id = o.alert_id WHERE a.ups_id = ? AND o.channel = 'email' AND NOT d.ok""", ups);
    }

    /** Two senders (as two replicas would) drain one outbox concurrently: every row is sent exactly once. */
    @Test
    void concurrentClaimersSendEachOutboxRowOnce() throws Exception {
        // Rows due in 2100 so the running service's own sender never touches them; the claimers use that clock.
        Instant due = Instant.parse("2100-01-01T00:00:00Z");
        Instant now = Instant.parse("2100-01-02T00:00:00Z");
        Set<Long> ids = insertRows(300, "PENDING", due, null, "claim-test");

        Map<Long, AtomicInteger> sends = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perClaimer = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (String claimer : List.of("replica-a", "replica-b")) {
            futures.add(pool.submit(() -> {
                start.await();
                while (true) {
                    List<OutboxStore.Row> rows = store.claim(claimer, 7, Duration.ofMinutes(5), now, "claim-test");
                    if (rows.isEmpty()) {
                        return null;
                    }
                    for (OutboxStore.Row row : rows) {
                        sends.computeIfAbsent(row.id(), k -> new AtomicInteger()).incrementAndGet();
                        perClaimer.computeIfAbsent(claimer, k -> new AtomicInteger()).incrementAndGet();
                        store.markSent(row, claimer, 0);
                    }
                }
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(sends.keySet()).containsAll(ids);
        assertThat(ids.stream().map(id -> sends.get(id).get()).collect(Collectors.toSet())).containsExactly(1);
        assertThat(perClaimer.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(300);
        assertThat(Alarms.count("SELECT count(*) FROM alert_outbox WHERE channel = 'claim-test'"
                + " AND status = 'SENT' AND attempts = 1")).isEqualTo(300);
        assertThat(Alarms.count("SELECT count(*) FROM alert_delivery_attempt d JOIN alert_outbox o ON o.id = d.outbox_id"
                + " WHERE o.channel = 'claim-test' AND d.ok")).isEqualTo(300);
    }

    /** What a restart sees: sent rows stay sent, pending ones and those of a sender that died are taken again. */
    @Test
    void claimSkipsSentRowsAndRetakesRowsOfADeadSender() throws Exception {
        Instant due = Instant.parse("2200-01-01T00:00:00Z");
        Instant now = Instant.parse("2200-01-02T00:00:00Z");
        Set<Long> sent = insertRows(3, "SENT", due, null, "restart-test");
        Set<Long> pending = insertRows(3, "PENDING", due, null, "restart-test");
        Set<Long> orphaned = insertRows(3, "SENDING", due, Instant.parse("2200-01-01T12:00:00Z"), "restart-test");
        Set<Long> leased = insertRows(3, "SENDING", due, Instant.parse("2200-01-03T00:00:00Z"), "restart-test");

        List<Long> claimed = store.claim("restarted", 100, Duration.ofMinutes(5), now, "restart-test").stream()
                .map(OutboxStore.Row::id).toList();
        assertThat(claimed).containsAll(pending).containsAll(orphaned).doesNotContainAnyElementsOf(sent)
                .doesNotContainAnyElementsOf(leased);
        assertThat(store.claim("other", 100, Duration.ofMinutes(5), now, "restart-test")).extracting(OutboxStore.Row::id)
                .doesNotContainAnyElementsOf(claimed);
    }

    private static Set<Long> insertRows(int n, String status, Instant due, Instant claimUntil, String channel) throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (Connection c = Alarms.db(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_outbox (alert_id, kind, rule_name, channel, recipient, payload, status, next_attempt_at,
                                          claimed_by, claim_until)
                VALUES (?, 'RAISED', 'test', ?, '', '{}', ?, ?, ?, ?) RETURNING id""")) {
            for (int i = 0; i < n; i++) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, channel);
                ps.setString(3, status);
                ps.setTimestamp(4, Timestamp.from(due));
                ps.setString(5, claimUntil == null ? null : "dead-replica");
                ps.setTimestamp(6, claimUntil == null ? null : Timestamp.from(claimUntil));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
