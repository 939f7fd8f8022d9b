package io.upsfleet.mib.bench;

import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes N readings through a real MQTT broker into a running mib-service and measures how fast they
 * become rows, plus the end-to-end latency (publish to row visible) of probe readings sent every
 * {@code PROBE_EVERY} messages; then measures PostgreSQL's raw COPY rate for the same rows on the same
 * machine. Started by bench/run.sh, which also starts the broker and the service.
 *
 * <p>Arguments: {@code --readings N --ups U --publishers P --mqtt tcp://host:port --jdbc url}.
 */
public final class IngestBenchmark {

    private static final String PROBE_UPS = "bench-probe";
    private static final int PROBE_EVERY = 1000;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int readings = Integer.parseInt(a.getOrDefault("readings", "200000"));
        int upsCount = Integer.parseInt(a.getOrDefault("ups", "200"));
        int publishers = Integer.parseInt(a.getOrDefault("publishers", "2"));
        String mqttUri = a.getOrDefault("mqtt", "tcp://127.0.0.1:18830");
        String jdbc = a.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/upsfleet_bench");

        System.out.printf("Preparing %,d readings for %d UPSes...%n", readings, upsCount);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<Reading> rows = new ArrayList<>(readings);
        byte[][] payloads = new byte[readings][];
        String[] topics = new String[readings];
        for (int i = 0; i < readings; i++) {
            String ups = "bench-" + (i % upsCount);
            Reading r = new Reading(1, ups, "bench-gw", base.plusMillis((long) (i / upsCount) * 1000),
                    200.0 + i % 40, 140.0, 230.0, i % 100, 50.0, 27.3, 35.0, i % 500 == 0 ? "10001000" : "00001000",
                    null, 90.0, 1200);
            rows.add(r);
            payloads[i] = Json.toBytes(r);
            topics[i] = Topics.reading(ups);
        }

        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
            long before = count(db, "SELECT count(*) FROM reading");
            if (before != 0) {
                throw new IllegalStateException("the bench database must start empty, it has " + before + " readings");
            }
            List<MqttAsyncClient> clients = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                MqttAsyncClient c = new MqttAsyncClient(mqttUri, "bench-pub-" + UUID.randomUUID(), new MemoryPersistence());
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(true);
                o.setMaxInflight(2000);
                c.connect(o).waitForCompletion(10_000);
                clients.add(c);
            }

            List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
            Map<Long, Long> probeSent = new ConcurrentHashMap<>();
            AtomicBoolean done = new AtomicBoolean();
            Thread prober = new Thread(() -> pollProbes(jdbc, probeSent, latenciesMs, done), "probe-poller");
            prober.start();

            System.out.printf("Publishing %,d readings (QoS 1) over %d connection(s) to %s...%n", readings, publishers, mqttUri);
            long t0 = System.nanoTime();
            int probes = 0;
            for (int i = 0; i < readings; i++) {
                publish(clients.get(i % publishers), topics[i], payloads[i]);
                if (i % PROBE_EVERY == 0) {
                    long sentMs = System.currentTimeMillis();
                    Instant ts = Instant.ofEpochMilli(sentMs).plusNanos(probes % 1000 * 1000L); // unique ts per probe
                    probeSent.put(ts.toEpochMilli() * 1000 + probes % 1000, System.nanoTime());
                    Reading probe = new Reading(1, PROBE_UPS, "bench-gw", ts, 230.0, 140.0, 230.0, 10, 50.0, 27.3,
                            35.0, "00001000", null, null, null);
                    publish(clients.get(0), Topics.reading(PROBE_UPS), Json.toBytes(probe));
                    probes++;
                }
            }
            for (MqttAsyncClient c : clients) {
                while (c.getPendingDeliveryTokens().length > 0) {
                    Thread.sleep(1);
                }
            }
            long published = System.nanoTime();
            long expected = readings + probes;
            long stored;
            long lastProgress = System.nanoTime();
            long lastCount = -1;
            while ((stored = count(db, "SELECT count(*) FROM reading")) < expected) {
                if (stored != lastCount) {
                    lastCount = stored;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(30).toNanos()) {
                    throw new IllegalStateException("no progress for 30 s: " + stored + " of " + expected + " stored");
                }
                Thread.sleep(20);
            }
            long end = System.nanoTime();
            done.set(true);
            prober.join();
            for (MqttAsyncClient c : clients) {
                c.disconnect().waitForCompletion(5000);
                c.close();
            }

            double publishSeconds = (published - t0) / 1e9;
            double totalSeconds = (end - t0) / 1e9;
            double ingestRate = expected / totalSeconds;
            long distinct = count(db, "SELECT count(*) FROM (SELECT DISTINCT ups_id, ts FROM reading) d");

            System.out.printf("COPY of the same %,d rows into a table shaped like reading...%n", readings);
            double copyRate = copyRate(db, rows);

            List<Long> lat = new ArrayList<>(latenciesMs);
            Collections.sort(lat);
            System.out.println();
            System.out.println("=== mib-service ingest benchmark ===");
            System.out.printf(Locale.ROOT, "readings published      : %,d (+%d latency probes) in %.2f s (%,.0f msg/s accepted by the broker)%n",
                    readings, probes, publishSeconds, expected / publishSeconds);
            System.out.printf(Locale.ROOT, "readings stored         : %,d rows (%,d distinct keys) %.2f s after the first publish%n", expected, distinct, totalSeconds);
            System.out.printf(Locale.ROOT, "ingest throughput       : %,.0f readings/s (MQTT -> mib-service -> PostgreSQL, ack after store)%n", ingestRate);
            if (!lat.isEmpty()) {
                System.out.printf(Locale.ROOT, "end-to-end latency (ms) : p50 %d, p95 %d, p99 %d, max %d (%d probes, publish -> row visible)%n",
                        pct(lat, 50), pct(lat, 95), pct(lat, 99), lat.get(lat.size() - 1), lat.size());
            }
            System.out.printf(Locale.ROOT, "raw COPY rate           : %,.0f rows/s (same rows, same machine, JDBC CopyManager)%n", copyRate);
            System.out.printf(Locale.ROOT, "ingest / COPY           : %.0f %%%n", 100 * ingestRate / copyRate);
        }
    }

    private static void publish(MqttAsyncClient client, String topic, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        while (true) {
            try {
                client.publish(topic, m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static void pollProbes(String jdbc, Map<Long, Long> sent, List<Long> latencies, AtomicBoolean done) {
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "");
             PreparedStatement st = db.prepareStatement(
                     "SELECT (extract(epoch FROM ts) * 1000000)::bigint FROM reading WHERE ups_id = ?")) {
            st.setString(1, PROBE_UPS);
            java.util.Set<Long> seen = new java.util.HashSet<>();
            while (!done.get() || seen.size() < sent.size()) {
                try (ResultSet rs = st.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        long micros = rs.getLong(1);
                        if (seen.add(micros)) {
                            Long at = sent.get(micros);
                            if (at != null) {
                                latencies.add((now - at) / 1_000_000);
                            }
                        }
                    }
                }
                if (done.get()) {
                    break;
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            System.err.println("probe poller failed: " + e);
        }
    }

    private static double copyRate(Connection db, List<Reading> rows) throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("DROP TABLE IF EXISTS reading_copy_bench");
            st.execute("CREATE TABLE reading_copy_bench (LIKE reading INCLUDING ALL)");
        }
        StringBuilder csv = new StringBuilder(rows.size() * 120);
        for (Reading r : rows) {
            csv.append(r.upsId()).append(',').append(r.ts()).append(',').append(r.inputVoltage()).append(',')
                    .append(r.inputFaultVoltage()).append(',').append(r.outputVoltage()).append(',')
                    .append(r.loadPercent()).append(',').append(r.inputFrequency()).append(',')
                    .append(r.batteryVoltage()).append(',').append(r.temperature()).append(',').append(r.flags())
                    .append(',').append(r.batteryCharge()).append(',').append(r.runtimeSeconds()).append('\n');
        }
        String data = csv.toString();
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        long t0 = System.nanoTime();
        long n = copy.copyIn("COPY reading_copy_bench (ups_id, ts, input_voltage, input_fault_voltage, output_voltage,"
                + " load_percent, input_frequency, battery_voltage, temperature, flags, battery_charge, runtime_seconds)"
                + " FROM STDIN (FORMAT csv)", new StringReader(data));
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Statement st = db.createStatement()) {
            st.execute("DROP TABLE reading_copy_bench");
        }
        return n / seconds;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

}
