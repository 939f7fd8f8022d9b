package io.upsfleet.nut;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.support.Bus;
import io.upsfleet.nut.support.Feeder;
import io.upsfleet.nut.support.NutPortResource;
import io.upsfleet.nut.support.RawNut;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Abuse on the NUT port gets NUT's error replies and never hurts the others: garbage bytes, a 1 MB line, a
 * half-closed and a silent connection, 1,000 idle connections, password guessing; all the while a
 * well-behaved client asks every 100 ms and is answered every time. Reads from a network that is not
 * configured for anonymous reads need a login.
 */
@QuarkusTest
@QuarkusTestResource(value = NutPortResource.class, restrictToAnnotatedClass = true)
class PortAbuseTest {

    private static final String UPS = Bus.unit("nut-abuse");
    private static Bus bus;
    private static Feeder feeder;

    @ConfigProperty(name = "upsfleet.nut.port")
    int port;

    @ConfigProperty(name = "upsfleet.nut.idle-timeout")
    Duration idleTimeout;

    @Inject
    NutMetrics metrics;

    @BeforeAll
    static void unit() {
        bus = new Bus();
        bus.online(UPS, "00001000", 230.0);
        feeder = new Feeder(bus, UPS, "00001000");
    }

    @AfterAll
    static void clear() {
        feeder.close();
        bus.close();
    }

    /** A client asking GET VAR every 100 ms during {@code abuse}; every answer must come, and in time. */
    private void servedThroughout(Runnable abuse) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (RawNut n = new RawNut(port)) {
                return n.ask("GET VAR " + UPS + " ups.status").endsWith("\"OL\"");
            }
        });
        AtomicBoolean done = new AtomicBoolean();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicLong slowest = new AtomicLong();
        AtomicLong answers = new AtomicLong();
        Thread client = new Thread(() -> {
            try (RawNut n = new RawNut(port)) {
                while (!done.get()) {
                    long t = System.nanoTime();
                    String reply = n.ask("GET VAR " + UPS + " ups.status");
                    slowest.accumulateAndGet(System.nanoTime() - t, Math::max);
                    answers.incrementAndGet();
                    if (!("VAR " + UPS + " ups.status \"OL\"").equals(reply)) {
                        wrong.add(String.valueOf(reply));
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                wrong.add(e.toString());
            }
        });
        client.start();
        try {
            abuse.run();
        } finally {
            done.set(true);
            client.join(10_000);
        }
        assertTrue(wrong.isEmpty(), "the well-behaved client got: " + wrong);
        assertTrue(answers.get() > 0);
        // generous: the machine is shared with other builds; an unserved client would wait forever
        assertTrue(Duration.ofNanos(slowest.get()).toMillis() < 3000, "slowest answer " + Duration.ofNanos(slowest.get()));
    }

    @Test
    void garbageBytesGetUnknownCommandAndTheConnectionStaysUsable() throws Exception {
        servedThroughout(() -> {
            try (RawNut n = new RawNut(port)) {
                Random random = new Random(42);
                n.send(garbage(random, 300));
                n.send("\n");
                assertEquals("ERR UNKNOWN-COMMAND", n.readLine(), "300 random bytes are no command");
                n.send(garbage(random, 4096));
                n.send("\n");
                assertEquals("ERR TOO-LONG", n.readLine(), "4 KB of garbage without a newline is a line too long");
                n.send(new byte[] {0, (byte) 0xff, (byte) 0xc3, 0x07, '\n'});
                assertEquals("ERR UNKNOWN-COMMAND", n.readLine(), "control bytes are dropped, leaving an empty request");
                assertEquals("ERR UNKNOWN-COMMAND", n.ask("FROBNICATE ups-1"));
                assertEquals("1.3", n.ask("NETVER"));
            }
        });
    }

    @Test
    void aOneMegabyteLineGetsTooLongOnceAndNextRequestIsServed() throws Exception {
        servedThroughout(() -> {
            try (RawNut n = new RawNut(port)) {
                byte[] line = ("GET VAR " + UPS + " " + "x".repeat(1024 * 1024) + "\nNETVER\n").getBytes(StandardCharsets.US_ASCII);
                n.send(line);
                assertEquals("ERR TOO-LONG", n.readLine());
                assertEquals("1.3", n.readLine());
                assertEquals("VAR " + UPS + " ups.id \"" + UPS + "\"", n.ask("GET VAR " + UPS + " ups.id"));
            }
        });
    }

    @Test
    void halfClosedAndSilentConnectionsAreCut() throws Exception {
        servedThroughout(() -> {
            try (Socket halfClosed = new Socket("127.0.0.1", port); Socket silent = new Socket("127.0.0.1", port)) {
                halfClosed.getOutputStream().write("GET VAR ".getBytes(StandardCharsets.US_ASCII));
                halfClosed.shutdownOutput();
                halfClosed.setSoTimeout(5000);
                assertEquals(-1, halfClosed.getInputStream().read(), "the server closes a connection whose client stopped sending");
                silent.setSoTimeout((int) idleTimeout.plusSeconds(5).toMillis());
                long t = System.nanoTime();
                assertEquals(-1, silent.getInputStream().read(), "an idle client is cut");
                Duration waited = Duration.ofNanos(System.nanoTime() - t);
                assertTrue(waited.compareTo(idleTimeout.minusMillis(500)) >= 0, "cut only once idle for " + idleTimeout + ": " + waited);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aThousandIdleConnectionsDoNotStopOthersAndAreCutWhenIdle() throws Exception {
        List<Socket> idle = new ArrayList<>();
        int before = metrics.activeConnections();
        try {
            servedThroughout(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        idle.add(new Socket("127.0.0.1", port));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> metrics.activeConnections() >= before + 1000);
            });
            await().atMost(idleTimeout.plusSeconds(10)).until(() -> metrics.activeConnections() <= before);
            for (Socket s : idle.subList(0, 10)) {
                s.setSoTimeout(2000);
                assertEquals(-1, s.getInputStream().read(), "cut by the server");
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void guessingPasswordsGetsAccessDeniedAndTheConnectionIsClosedAfterTheLimit() throws Exception {
        servedThroughout(() -> {
            try (RawNut n = new RawNut(port)) {
                assertEquals("ERR USERNAME-REQUIRED", n.ask("INSTCMD " + UPS + " load.off"));
                assertEquals("OK", n.ask("USERNAME admin"));
                assertEquals("ERR PASSWORD-REQUIRED", n.ask("INSTCMD " + UPS + " load.off"));
                assertEquals("OK", n.ask("PASSWORD guess-1"));
                for (int i = 1; i <= 5; i++) {
                    assertEquals("ERR ACCESS-DENIED", n.ask("INSTCMD " + UPS + " load.off"), "attempt " + i);
                }
                assertNull(n.readLine(), "closed after the 5th failure (max-auth-failures)");
            }
            try (RawNut n = new RawNut(port)) {
                assertEquals("OK", n.ask("USERNAME admin"));
                assertEquals("OK", n.ask("PASSWORD test-admin-pw"));
                assertEquals("ERR CMD-NOT-SUPPORTED", n.ask("INSTCMD " + UPS + " no.such.command"), "the right password still works");
                assertEquals("ERR ALREADY-SET-PASSWORD", n.ask("PASSWORD test-admin-pw"));
            }
        });
    }

    @Test
    void readsFromANetworkWithoutAnonymousAccessNeedALogin() throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(5000);
            var out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET VAR " + UPS + " ups.status\nLIST UPS\nUSERNAME monitor\nGET VAR " + UPS + " ups.status\n"
                    + "PASSWORD wrong\nGET VAR " + UPS + " ups.status\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(Arrays.asList("ERR USERNAME-REQUIRED", "ERR USERNAME-REQUIRED", "OK", "ERR PASSWORD-REQUIRED", "OK",
                    "ERR ACCESS-DENIED"), lines(in, 6));
        }
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(5000);
            s.getOutputStream().write(("USERNAME monitor\nPASSWORD test-monitor-pw\nGET VAR " + UPS + " ups.status\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(Arrays.asList("OK", "OK", "VAR " + UPS + " ups.status \"OL\""), lines(s.getInputStream(), 3));
        }
    }

    /** Random bytes without a newline. */
    private static byte[] garbage(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                bytes[i] = 0;
            }
        }
        return bytes;
    }

    private static List<String> lines(InputStream in, int n) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        while (out.size() < n) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            if (c == '\n') {
                out.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        return out;
    }
}
