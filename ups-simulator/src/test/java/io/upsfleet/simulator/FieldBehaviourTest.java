package io.upsfleet.simulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The imperfect field hardware the simulator plays: device-server sessions and firmware quirks. */
class FieldBehaviourTest {

    private static String flags(SimulatedUps ups) {
        String reply = ups.handle("Q1");
        return reply.substring(reply.length() - 8);
    }

    @Test
    void echoOnlyUnitAnswersQ1AndEchoesEverythingElseWithoutActing() {
        SimulatedUps ups = new SimulatedUps("u1");
        ups.setQuirks(Set.of(Quirk.ECHO_ONLY));
        assertTrue(ups.handle("Q1").startsWith("("));
        assertEquals("I", ups.handle("I"));
        assertEquals("F", ups.handle("F"));
        assertEquals("T", ups.handle("T"));
        assertEquals('0', flags(ups).charAt(5), "the echoed test did not start");
    }

    @Test
    void noInfoUnitIsSilentOnIAndF() {
        SimulatedUps ups = new SimulatedUps("u1");
        ups.setQuirks(Set.of(Quirk.NO_INFO));
        assertNull(ups.handle("I"));
        assertNull(ups.handle("F"));
        assertTrue(ups.handle("Q1").startsWith("("));
    }

    @Test
    void stuckShutdownBitIsAlwaysSet() {
        SimulatedUps ups = new SimulatedUps("u1");
        assertEquals('0', flags(ups).charAt(6));
        ups.setQuirks(Set.of(Quirk.STUCK_SHUTDOWN_BIT));
        assertEquals('1', flags(ups).charAt(6));
        assertTrue(ups.outputOn(), "only the bit, the output stays on");
    }

    @Test
    void unitThatIgnoresCommandsSaysNothingAndDoesNothing() {
        SimulatedUps ups = new SimulatedUps("u1");
        ups.setQuirks(Set.of(Quirk.IGNORES_COMMANDS));
        assertNull(ups.handle("Q"));
        assertNull(ups.handle("T"));
        assertNull(ups.handle("S01"));
        assertEquals("00001001", flags(ups), "beeper still on, no test, no shutdown");
        assertTrue(ups.handle("F").startsWith("#"));
    }

    @Test
    void blankFirmwareFieldsAreAllSpaces() {
        SimulatedUps ups = new SimulatedUps("u1");
        ups.setQuirks(Set.of(Quirk.BLANK_FIRMWARE));
        String info = ups.handle("I");
        assertEquals(38, info.length());
        assertTrue(info.substring(1).isBlank(), "'" + info + "'");
    }

    @Test
    void hangUpModeClosesTheSessionAfterEachReply() throws Exception {
        try (MegatecSimulator sim = new MegatecSimulator("127.0.0.1")) {
            SimulatedUps ups = new SimulatedUps("tcp-1");
            ups.setSession(Session.hangingUp());
            int port = sim.add(ups, 0);
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(3000);
                    s.getOutputStream().write("Q1\r".getBytes(StandardCharsets.US_ASCII));
                    String all = readToEnd(s.getInputStream());
                    assertTrue(all.startsWith("(") && all.endsWith("\r"), "one whole reply, then the close: " + all);
                }
            }
        }
    }

    @Test
    void idleTimeoutClosesAQuietSessionButNotABusyOne() throws Exception {
        try (MegatecSimulator sim = new MegatecSimulator("127.0.0.1")) {
            SimulatedUps ups = new SimulatedUps("tcp-1");
            ups.setSession(Session.idleTimeout(300));
            int port = sim.add(ups, 0);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(3000);
                for (int i = 0; i < 5; i++) { // requests every 100 ms keep it open
                    s.getOutputStream().write("Q1\r".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(readLine(s.getInputStream()).startsWith("("));
                    Thread.sleep(100);
                }
                long quietFrom = System.nanoTime();
                assertEquals(-1, s.getInputStream().read(), "closed when quiet");
                long quietMs = (System.nanoTime() - quietFrom) / 1_000_000;
                assertTrue(quietMs >= 150 && quietMs < 2000, "closed after " + quietMs + " ms");
            }
        }
    }

    @Test
    void crossingIdleTimeoutLosesTheFirstRequestAfterTheIdleTimeAndCloses() throws Exception {
        try (MegatecSimulator sim = new MegatecSimulator("127.0.0.1")) {
            SimulatedUps ups = new SimulatedUps("tcp-1");
            ups.setSession(Session.idleTimeoutCrossing(200));
            int port = sim.add(ups, 0);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(3000);
                s.getOutputStream().write("Q1\r".getBytes(StandardCharsets.US_ASCII));
                assertTrue(readLine(s.getInputStream()).startsWith("("), "answered while busy");
                Thread.sleep(400);
                s.getOutputStream().write("Q1\r".getBytes(StandardCharsets.US_ASCII));
                assertEquals("", readToEnd(s.getInputStream()), "no reply, the session closed");
            }
        }
    }

    @Test
    void splitRepliesArriveInPacketsWithGaps() throws Exception {
        try (MegatecSimulator sim = new MegatecSimulator("127.0.0.1")) {
            SimulatedUps ups = new SimulatedUps("tcp-1");
            ups.setSession(Session.split(7, 30));
            int port = sim.add(ups, 0);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(3000);
                s.getOutputStream().write("Q1\r".getBytes(StandardCharsets.US_ASCII));
                List<Integer> packets = new ArrayList<>();
                StringBuilder reply = new StringBuilder();
                byte[] buf = new byte[256];
                long start = System.nanoTime();
                while (reply.indexOf("\r") < 0) {
                    int n = s.getInputStream().read(buf);
                    packets.add(n);
                    reply.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(reply.toString().startsWith("("), reply.toString());
                assertEquals(47, reply.length(), "46 characters and the CR");
                assertTrue(packets.stream().allMatch(n -> n <= 7), "packets " + packets);
                assertTrue(ms >= 6 * 30 * 0.8, "7 packets 30 ms apart took " + ms + " ms");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r' && c >= 0) {
            b.append((char) c);
        }
        return b.toString();
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the session was not closed; got " + out.toString(StandardCharsets.US_ASCII));
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
