package io.upsfleet.mib.bench;

import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures mib-service's ingest through a real MQTT broker, in two phases, then PostgreSQL's raw COPY
 * rate for the same rows on the same machine. Started by bench/run.sh, which also starts the broker and
 * the service.
 * <ol>
 * <li>Throughput: N readings published as fast as the broker takes them; readings/s = N / (first publish
 * until the last row is visible).</li>
 * <li>Latency: readings published at a steady rate below that (default half of it) for a few seconds, with
 * a probe reading every {@code PROBE_EVERY} messages; latency = probe published until its row is visible
 * (polled every 5 ms). At saturation a latency is only the length of the queue, so it is measured here.</li>
 * </ol>
 * <p>Arguments: {@code --readings N --ups U --publishers P --mqtt tcp://host:port --jdbc url
 * --latency-seconds S --latency-rate R}.
 */
public final class IngestBenchmark {

    private static final String PROBE_UPS = "bench-probe";
    private static final int PROBE_EVERY = 100;
    private static final int WINDOW = 5_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int readings = Integer.parseInt(a.getOrDefault("readings", "200000"));
        int upsCount = Integer.parseInt(a.getOrDefault("ups", "200"));
        int publishers = Integer.parseInt(a.getOrDefault("publishers", "2"));
        URI mqtt = URI.create(a.getOrDefault("mqtt", "tcp://127.0.0.1:18830"));
        String jdbc = a.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/upsfleet_bench");
        int latencySeconds = Integer.parseInt(a.getOrDefault("latency-seconds", "10"));

        System.out.printf("Preparing %,d readings for %d UPSes...%n", readings, upsCount);
        // Stamped in the recent past: the service dead-letters readings outside its time window (30 days back).
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<Reading> rows = readings(readings, upsCount, now.minus(java.time.Duration.ofDays(3)));
        byte[][] payloads = new byte[readings][];
        byte[][] topics = new byte[readings][];
        for (int i = 0; i < readings; i++) {
            payloads[i] = Json.toBytes(rows.get(i));
            topics[i] = Topics.reading(rows.get(i).upsId()).getBytes(StandardCharsets.UTF_8);
        }

        if (Boolean.parseBoolean(a.getOrDefault("broker-only", "false"))) {
            brokerOnly(mqtt, publishers, topics, payloads);
            return;
        }
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
            long before = count(db, "SELECT count(*) FROM reading");
            if (before != 0) {
                throw new IllegalStateException("the bench database must start empty, it has " + before + " readings");
            }
            List<RawMqttPublisher> clients = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                clients.add(new RawMqttPublisher(mqtt.getHost(), mqtt.getPort(), "bench-pub-" + UUID.randomUUID(), WINDOW));
            }

            // --- Phase 1: throughput
            System.out.printf("Publishing %,d readings (QoS 1) over %d connection(s) to %s...%n", readings, publishers, mqtt);
            long t0 = System.nanoTime();
            for (int i = 0; i < readings; i++) {
                clients.get(i % publishers).publish(topics[i], payloads[i]);
            }
            for (RawMqttPublisher c : clients) {
                c.awaitAcks();
            }
            long published = System.nanoTime();
            waitUntilStored(db, rows, readings);
            long end = System.nanoTime();
            double publishSeconds = (published - t0) / 1e9;
            double totalSeconds = (end - t0) / 1e9;
            double ingestRate = readings / totalSeconds;

            // --- Phase 2: latency at a steady rate
            int rate = Integer.parseInt(a.getOrDefault("latency-rate", String.valueOf(Math.max(100, (int) (ingestRate / 2)))));
            int steady = rate * latencySeconds;
            System.out.printf("Latency: %,d readings/s for %d s with a probe every %d...%n", rate, latencySeconds, PROBE_EVERY);
            List<Reading> steadyRows = readings(steady, upsCount, now.minus(java.time.Duration.ofDays(2)));
            List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
            Map<Long, Long> probeSent = new ConcurrentHashMap<>();
            AtomicBoolean done = new AtomicBoolean();
            Thread prober = new Thread(() -> pollProbes(jdbc, probeSent, latenciesMs, done), "probe-poller");
            prober.start();
            byte[] probeTopic = Topics.reading(PROBE_UPS).getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            int probes = 0;
            for (int j = 0; j < steady; ) {
                long due = Math.min(steady, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
                for (; j < due; j++) {
                    Reading r = steadyRows.get(j);
                    RawMqttPublisher client = clients.get(j % publishers);
                    client.publish(Topics.reading(r.upsId()).getBytes(StandardCharsets.UTF_8), Json.toBytes(r));
                    if (j % PROBE_EVERY == 0) {
                        Instant ts = now.minus(java.time.Duration.ofDays(1)).plusSeconds(probes); // unique per probe
                        client.flush();
                        probeSent.put(ts.getEpochSecond() * 1_000_000, System.nanoTime());
                        client.publish(probeTopic, Json.toBytes(new Reading(1, PROBE_UPS, "bench-gw", ts, 230.0, 140.0,
                                230.0, 10, 50.0, 27.3, 35.0, "00001000", null, null, null)));
                        probes++;
                    }
                }
                for (RawMqttPublisher c : clients) {
                    c.flush();
                }
                LockSupport.parkNanos(200_000);
            }
            for (RawMqttPublisher c : clients) {
                c.awaitAcks();
            }
            long expected = readings + steady + probes;
            waitUntilStored(db, steadyRows, expected);
            done.set(true);
            prober.join();
            long acked = 0;
            for (RawMqttPublisher c : clients) {
                acked += c.acked();
                c.close();
            }
            long distinct = count(db, "SELECT count(*) FROM (SELECT DISTINCT ups_id, ts FROM reading) d");

            System.out.printf("COPY of the same %,d rows into a table shaped like reading...%n", readings);
            double copyRate = copyRate(db, rows);

            List<Long> lat = new ArrayList<>(latenciesMs);
            Collections.sort(lat);
            System.out.println();
            System.out.println("=== mib-service ingest benchmark ===");
            System.out.printf(Locale.ROOT, "readings published      : %,d in %.2f s (%,.0f msg/s accepted by the broker)%n",
                    readings, publishSeconds, readings / publishSeconds);
            System.out.printf(Locale.ROOT, "readings stored         : all %,d, %.2f s after the first publish%n", readings, totalSeconds);
            System.out.printf(Locale.ROOT, "ingest throughput       : %,.0f readings/s (MQTT -> mib-service -> PostgreSQL, ack after store)%n", ingestRate);
            if (!lat.isEmpty()) {
                System.out.printf(Locale.ROOT, "end-to-end latency (ms) : p50 %d, p95 %d, p99 %d, max %d (%d probes at %,d readings/s,"
                                + " publish -> row visible)%n",
                        pct(lat, 50), pct(lat, 95), pct(lat, 99), lat.get(lat.size() - 1), lat.size(), rate);
            }
            System.out.printf(Locale.ROOT, "rows in the database    : %,d (%,d distinct keys; %,d published, %,d acknowledged by the broker)%n",
                    count(db, "SELECT count(*) FROM reading"), distinct, expected, acked);
            System.out.printf(Locale.ROOT, "raw COPY rate           : %,.0f rows/s (same rows, same machine, JDBC CopyManager)%n", copyRate);
            System.out.printf(Locale.ROOT, "ingest / COPY           : %.0f %%%n", 100 * ingestRate / copyRate);
        }
    }

    /** The same load into the broker with a subscriber that only acknowledges: the ceiling of any consumer. */
    private static void brokerOnly(URI mqtt, int publishers, byte[][] topics, byte[][] payloads) throws Exception {
        int n = payloads.length;
        try (RawMqttSubscriber subscriber = new RawMqttSubscriber(mqtt.getHost(), mqtt.getPort(), "bench-sub-" + UUID.randomUUID(),
                Topics.shared("bench", Topics.ALL_UPS))) {
            List<RawMqttPublisher> clients = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                clients.add(new RawMqttPublisher(mqtt.getHost(), mqtt.getPort(), "bench-pub-" + UUID.randomUUID(), WINDOW));
            }
            System.out.printf("Broker only: publishing %,d readings (QoS 1) to a subscriber that only acknowledges...%n", n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                clients.get(i % publishers).publish(topics[i], payloads[i]);
            }
            for (RawMqttPublisher c : clients) {
                c.awaitAcks();
                c.close();
            }
            long published = System.nanoTime();
            long lastProgress = System.nanoTime();
            long last = -1;
            while (subscriber.received() < n) {
                if (subscriber.received() != last) {
                    last = subscriber.received();
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                    throw new IllegalStateException("broker delivered " + last + " of " + n + " and then nothing for 10 s");
                }
                Thread.sleep(1);
            }
            long end = System.nanoTime();
            System.out.println();
            System.out.println("=== broker-only benchmark (no mib-service, no database) ===");
            System.out.printf(Locale.ROOT, "readings published      : %,d in %.2f s (%,.0f msg/s accepted by the broker)%n",
                    n, (published - t0) / 1e9, n / ((published - t0) / 1e9));
            System.out.printf(Locale.ROOT, "delivered and acked     : %,d, %.2f s after the first publish: %,.0f msg/s%n",
                    n, (end - t0) / 1e9, n / ((end - t0) / 1e9));
        }
    }

    private static List<Reading> readings(int n, int upsCount, Instant base) {
        List<Reading> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new Reading(1, "bench-" + (i % upsCount), "bench-gw", base.plusMillis((long) (i / upsCount) * 1000),
                    200.0 + i % 40, 140.0, 230.0, i % 100, 50.0, 27.3, 35.0, i % 500 == 0 ? "10001000" : "00001000",
                    null, 90.0, 1200));
        }
        return rows;
    }

    /**
     * Waits until the reading table holds {@code expected} rows. A count(*) over the growing table every few
     * ms would take a core from the system under test, so: wait cheaply (index lookups) until every UPS's
     * last reading of {@code rows} is there, and only then count exactly; a full count every 2 s detects a stall.
     */
    private static void waitUntilStored(Connection db, List<Reading> rows, long expected) throws Exception {
        Map<String, Instant> lastKeys = new LinkedHashMap<>();
        for (Reading r : rows) {
            lastKeys.merge(r.upsId(), r.ts(), (x, y) -> x.isAfter(y) ? x : y);
        }
        long lastProgress = System.nanoTime();
        long lastCount = -1;
        long lastFullCount = System.nanoTime();
        try (PreparedStatement lastPresent = db.prepareStatement("SELECT count(*) FROM reading r"
                + " JOIN unnest(?::varchar[], ?::timestamptz[]) AS k(ups_id, ts) ON r.ups_id = k.ups_id AND r.ts = k.ts")) {
            lastPresent.setArray(1, db.createArrayOf("varchar", lastKeys.keySet().toArray()));
            lastPresent.setArray(2, db.createArrayOf("timestamptz", lastKeys.values().stream().map(java.sql.Timestamp::from).toArray()));
            while (true) {
                long present;
                try (ResultSet rs = lastPresent.executeQuery()) {
                    rs.next();
                    present = rs.getLong(1);
                }
                if (present == lastKeys.size() || System.nanoTime() - lastFullCount > 2_000_000_000L) {
                    lastFullCount = System.nanoTime();
                    long stored = count(db, "SELECT count(*) FROM reading");
                    if (stored >= expected) {
                        return;
                    }
                    if (stored != lastCount) {
                        lastCount = stored;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(30).toNanos()) {
                        throw new IllegalStateException("no progress for 30 s: " + stored + " of " + expected + " stored");
                    }
                }
                Thread.sleep(present == lastKeys.size() ? 20 : 10);
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
