package io.upsfleet.nut.bench;

import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of {@code nut-server/bench/run.sh} (a benchmark, not a test: surefire does not run it).
 * <ul>
 *   <li>{@code feed <mqtt-host> <mqtt-port> <prefix> <units>}: a fleet on the bus as a gateway would publish it
 *       (retained status and identity, one reading per unit), for nut-server to serve;</li>
 *   <li>{@code await <host> <port> <units> <seconds>}: waits until the NUT server lists that many UPS;</li>
 *   <li>{@code load <host> <port> <prefix> <units> <clients> <warmup-s> <seconds> <get|list> <server-pid> <label>}:
 *       connects {@code clients} NUT connections, each asking one request at a time ({@code GET VAR <ups>
 *       battery.charge} or {@code LIST VAR <ups>}) for a random unit, and prints one tab-separated line:
 *       label, kind, clients, units, requests/s, p50 ms, p99 ms, errors, server RSS before and with the clients
 *       connected (kB; for a JVM plus the growth of its live heap), server CPU seconds in the measured window, and that
 *       live-heap growth alone (kB, 0 for a process that is not a JVM).</li>
 * </ul>
 */
public final class NutBench {

    private NutBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "feed" -> feed(args[1], Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
            case "await" -> awaitUnits(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "load" -> load(args[1], Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]), args[8], Long.parseLong(args[9]), args[10]);
            default -> throw new IllegalArgumentException("feed | await | load, not " + args[0]);
        }
    }

    static void feed(String host, int port, String prefix, int units) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://" + host + ":" + port, "nut-bench-feed-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(5000);
        client.connect(options).waitForCompletion(10_000);
        Instant now = Instant.now();
        String gateway = "gw-bench";
        List<org.eclipse.paho.client.mqttv3.IMqttDeliveryToken> inFlight = new ArrayList<>();
        for (int i = 1; i <= units; i++) {
            String id = prefix + i;
            inFlight.add(client.publish(Topics.status(id), Json.toBytes(new UpsStatus(1, id, gateway, now, UpsStatus.CommState.OK,
                    "00001001", null, now)), 1, true));
            inFlight.add(client.publish(Topics.identity(id), Json.toBytes(new Identity(1, id, gateway, now, "UPSFLEET-SIM", "MEGA-24V",
                    "SIM-1.0", 230.0, 4.0, 24.0, 50.0)), 1, true));
            inFlight.add(client.publish(Topics.reading(id), Json.toBytes(new Reading(1, id, gateway, now, 229.8, 140.0, 230.0, 30, 50.0,
                    2.27, 28.0, "00001001", null, 97.0, 2000)), 1, false));
            if (inFlight.size() >= 3000 || i == units) { // under Paho's max in-flight
                for (var token : inFlight) {
                    token.waitForCompletion(30_000);
                }
                inFlight.clear();
            }
        }
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    static void awaitUnits(String host, int port, int units, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(host, port)) {
                s.getOutputStream().write("LIST UPS\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                seen = 0;
                for (String line = in.readLine(); line != null && !line.startsWith("END LIST") && !line.startsWith("ERR"); line = in.readLine()) {
                    if (line.startsWith("UPS ")) {
                        seen++;
                    }
                }
                if (seen >= units) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(host + ":" + port + " lists " + seen + " UPS, not " + units + ", after " + seconds + " s");
    }

    static void load(String host, int port, String prefix, int units, int clients, int warmup, int seconds, String kind,
                     long serverPid, String label) throws Exception {
        boolean list = kind.equals("list");
        boolean jvm = isJvm(serverPid);
        long heapBefore = jvm ? heapUsedAfterGcKb(serverPid) : 0;
        long rssBefore = rssKb(serverPid);
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 10_000);
            sockets.add(s);
        }
        long[] window = new long[3]; // start, measure-from, end: set once every client has asked once
        CountDownLatch asked = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int me = c;
            Socket socket = sockets.get(c);
            Thread t = new Thread(null, () -> {
                long[] mine = new long[1024];
                int n = 0;
                boolean first = true;
                try {
                    OutputStream out = socket.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII), 8192);
                    while (true) {
                        if (!first) {
                            go.await();
                        }
                        long now = System.nanoTime();
                        if (!first && now >= window[2]) {
                            break;
                        }
                        String ups = prefix + ThreadLocalRandom.current().nextInt(1, units + 1);
                        out.write((list ? "LIST VAR " + ups + "\n" : "GET VAR " + ups + " battery.charge\n").getBytes(StandardCharsets.US_ASCII));
                        String line = in.readLine();
                        if (line == null) {
                            throw new IOException("closed by the server");
                        }
                        if (line.startsWith("ERR")) {
                            errors.incrementAndGet();
                        } else if (list) {
                            while (line != null && !line.startsWith("END LIST")) {
                                line = in.readLine();
                            }
                        }
                        long took = System.nanoTime() - now;
                        if (first) {
                            first = false;
                            asked.countDown();
                        } else if (now >= window[1]) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (first) {
                        asked.countDown();
                    }
                    latencies[me] = mine;
                    counts[me] = n;
                    done.countDown();
                }
            }, "nut-bench-" + c, 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
        asked.await();
        Thread.sleep(1000);
        // memory held for the connected, idle clients: a JVM's heap is all resident from the start
        // (AlwaysPreTouch), so what its connections hold on the heap is the growth of the live heap after a full GC
        long heapLoaded = jvm ? heapUsedAfterGcKb(serverPid) : 0;
        long rssLoaded = rssKb(serverPid) + Math.max(0, heapLoaded - heapBefore);
        long start = System.nanoTime();
        window[0] = start;
        window[1] = start + warmup * 1_000_000_000L;
        window[2] = window[1] + seconds * 1_000_000_000L;
        go.countDown(); // happens-before for window[] in every client
        Thread.sleep(Math.max(0, (window[1] - System.nanoTime()) / 1_000_000));
        double cpuFrom = cpuSeconds(serverPid);
        Thread.sleep(Math.max(0, (window[2] - System.nanoTime()) / 1_000_000));
        double cpu = cpuSeconds(serverPid) - cpuFrom;
        done.await();
        for (Socket s : sockets) {
            s.close();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.println(String.join("\t", label, kind, String.valueOf(clients), String.valueOf(units),
                String.format(Locale.ROOT, "%.0f", total / (double) seconds),
                ms(all, 0.50), ms(all, 0.99), String.valueOf(errors.get()),
                String.valueOf(rssBefore), String.valueOf(rssLoaded), String.format(Locale.ROOT, "%.2f", cpu),
                String.valueOf(Math.max(0, heapLoaded - heapBefore))));
    }

    private static String ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.2f", sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6);
    }

    private static boolean isJvm(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("java");
    }

    /** The live heap after a full GC (jcmd GC.run, then GC.heap_info's "used"). */
    private static long heapUsedAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd " + pid);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** utime + stime of the process (all its threads), at 100 ticks per second (Linux USER_HZ). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
