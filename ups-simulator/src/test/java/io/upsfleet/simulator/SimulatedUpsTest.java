package io.upsfleet.simulator;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedUpsTest {

    private static final String Q1 = "\\(\\d{3}\\.\\d \\d{3}\\.\\d \\d{3}\\.\\d \\d{3} \\d{2}\\.\\d \\S+ \\d{2}\\.\\d [01]{8}";

    private static String flags(SimulatedUps ups) {
        String reply = ups.handle("Q1");
        return reply.substring(reply.length() - 8);
    }

    @Test
    void healthyUnitAnswersQ1InMegatecFormat() {
        SimulatedUps ups = new SimulatedUps("u1");
        String reply = ups.handle("Q1");
        assertTrue(reply.matches(Q1), reply);
        assertEquals("00001001", flags(ups));
    }

    @Test
    void mainsFailureSetsUtilityFailAndDischargesToLowBattery() {
        SimulatedUps ups = new SimulatedUps("u1", true, 230, 50, 12, 100, 600);
        ups.setLoadPercent(100);
        ups.setMainsOk(false);
        assertEquals('1', flags(ups).charAt(0));
        for (int i = 0; i < 85; i++) {
            ups.tick(1);
        }
        assertEquals("11", flags(ups).substring(0, 2));
        for (int i = 0; i < 20; i++) {
            ups.tick(1);
        }
        assertTrue(!ups.outputOn(), "output drops when the battery is flat");
        ups.setMainsOk(true);
        ups.tick(1);
        assertTrue(ups.outputOn(), "output returns with the mains");
    }

    @Test
    void commandsShowInTheFlags() {
        SimulatedUps ups = new SimulatedUps("u1");
        assertNull(ups.handle("Q"));
        assertEquals('0', flags(ups).charAt(7));
        assertNull(ups.handle("T"));
        assertEquals('1', flags(ups).charAt(5));
        assertNull(ups.handle("CT"));
        assertEquals('0', flags(ups).charAt(5));
        assertNull(ups.handle("S.5R0002"));
        assertEquals('1', flags(ups).charAt(6));
        for (int i = 0; i < 31; i++) {
            ups.tick(1);
        }
        assertTrue(!ups.outputOn());
        for (int i = 0; i < 121; i++) {
            ups.tick(1);
        }
        assertTrue(ups.outputOn(), "restored after m minutes");
        assertNull(ups.handle("S01"));
        assertNull(ups.handle("C"));
        assertEquals('0', flags(ups).charAt(6));
    }

    @Test
    void loadOffAndStayOffKeepTheOutputOffUntilCancelled() {
        SimulatedUps ups = new SimulatedUps("u1");
        assertNull(ups.handle("S00R0000"));
        ups.tick(1);
        assertTrue(!ups.outputOn());
        for (int i = 0; i < 600; i++) {
            ups.tick(1);
        }
        assertTrue(!ups.outputOn(), "no automatic restore");
        assertEquals('1', flags(ups).charAt(6), "the shutdown bit stays set while it stays off");
        assertNull(ups.handle("C"));
        assertTrue(ups.outputOn());
        assertNull(ups.handle("S.2R0000"));
        for (int i = 0; i < 13; i++) {
            ups.tick(1);
        }
        assertTrue(!ups.outputOn());
        assertEquals("S00R0001", ups.handle("S00R0001"), "S00 only in the load-off form");
    }

    @Test
    void invalidAndUnsupportedRequestsAreEchoed() {
        SimulatedUps ups = new SimulatedUps("u1");
        assertEquals("S11", ups.handle("S11"));
        assertEquals("XYZ", ups.handle("XYZ"));
        ups.setUnsupported(Set.of("I"), SimulatedUps.UnsupportedReply.ECHO);
        assertEquals("I", ups.handle("I"));
        ups.setUnsupported(Set.of("I"), SimulatedUps.UnsupportedReply.SILENCE);
        assertNull(ups.handle("I"));
        assertTrue(ups.handle("F").startsWith("#230.0 004 024.0 50.0"));
    }

    @Test
    void servesUnitsOverTcp() throws Exception {
        try (MegatecSimulator sim = new MegatecSimulator("127.0.0.1")) {
            int port = sim.add(new SimulatedUps("tcp-1"), 0);
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("Q1\r".getBytes(StandardCharsets.US_ASCII));
                StringBuilder reply = new StringBuilder();
                int c;
                while ((c = in.read()) != '\r' && c >= 0) {
                    reply.append((char) c);
                }
                assertTrue(reply.toString().matches(Q1), reply.toString());
            }
        }
    }
}
