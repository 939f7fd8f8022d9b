package io.upsfleet.gateway.link.rfc2217;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.DO;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.DONT;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.IAC;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.SB;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.SE;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.WILL;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.WONT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComPortNegotiationTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static TelnetCodec.Command cmd(int verb, int option) {
        return new TelnetCodec.Command(verb, option);
    }

    private static TelnetCodec.Subnegotiation reply(int... payload) {
        return new TelnetCodec.Subnegotiation(44, bytes(payload));
    }

    @Test
    void opensWithComPortBinaryAndSuppressGoAhead() {
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, new TelnetCodec());
        assertArrayEquals(bytes(IAC, WILL, 44, IAC, WILL, 0, IAC, DO, 0, IAC, WILL, 3, IAC, DO, 3), n.opening());
    }

    @Test
    void whenTheServerAgreesToComPortTheLineSettingsGoOutAndItSettlesOnTheirAcknowledgements() {
        TelnetCodec codec = new TelnetCodec();
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, codec);
        n.opening();
        byte[] settings = n.onCommand(cmd(DO, 44));
        assertArrayEquals(concat(
                bytes(IAC, SB, 44, 1, 0, 0, 0x09, 0x60, IAC, SE),   // SET-BAUDRATE 2400, network byte order
                bytes(IAC, SB, 44, 2, 8, IAC, SE),                  // SET-DATASIZE 8
                bytes(IAC, SB, 44, 3, 1, IAC, SE),                  // SET-PARITY NONE
                bytes(IAC, SB, 44, 4, 1, IAC, SE),                  // SET-STOPSIZE 1
                bytes(IAC, SB, 44, 5, 1, IAC, SE),                  // SET-CONTROL no flow control
                bytes(IAC, SB, 44, 5, 8, IAC, SE),                  // SET-CONTROL DTR ON
                bytes(IAC, SB, 44, 5, 12, IAC, SE)), settings);     // SET-CONTROL RTS OFF
        assertTrue(n.comPortAccepted());
        assertFalse(n.settled());
        n.onSubnegotiation(reply(101, 0, 0, 0x09, 0x60));
        n.onSubnegotiation(reply(102, 8));
        n.onSubnegotiation(reply(103, 1));
        n.onSubnegotiation(reply(104, 1));
        assertFalse(n.settled(), "flow control not yet acknowledged");
        n.onSubnegotiation(reply(105, 1));
        assertTrue(n.settled(), "the line is set; DTR and RTS are not waited for");
        assertFalse(n.modemLinesConfirmed());
        n.onSubnegotiation(reply(105, 12));
        n.onSubnegotiation(reply(105, 8));
        assertTrue(n.modemLinesConfirmed(), "confirmed by value, in any order");
        assertEquals(2400, n.confirmedBaud());
    }

    @Test
    void baudRatesAboveSixteenBitsAndDtrOffRtsOnAreEncoded() {
        ComPortNegotiation n = new ComPortNegotiation(115200, false, true, new TelnetCodec());
        n.opening();
        byte[] settings = n.onCommand(cmd(DO, 44));
        assertArrayEquals(bytes(IAC, SB, 44, 1, 0, 1, 0xc2, 0x00, IAC, SE), java.util.Arrays.copyOf(settings, 10));
        byte[] tail = java.util.Arrays.copyOfRange(settings, settings.length - 14, settings.length);
        assertArrayEquals(concat(bytes(IAC, SB, 44, 5, 9, IAC, SE), bytes(IAC, SB, 44, 5, 11, IAC, SE)), tail);
    }

    @Test
    void agreementsToOurOwnRequestsAreNotAnsweredAgainSoTheEndsNeverLoop() {
        TelnetCodec codec = new TelnetCodec();
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, codec);
        n.opening();
        assertArrayEquals(new byte[0], n.onCommand(cmd(DO, 0)));
        assertArrayEquals(new byte[0], n.onCommand(cmd(WILL, 0)));
        assertArrayEquals(new byte[0], n.onCommand(cmd(DO, 3)));
        assertArrayEquals(new byte[0], n.onCommand(cmd(WILL, 3)));
        assertTrue(n.binaryBothWays());
        assertArrayEquals(new byte[0], n.onCommand(cmd(WILL, 0)), "repeated: still no answer");
        // binary both ways: a lone CR goes out as CR
        assertArrayEquals(bytes('Q', '1', '\r'), codec.encode(bytes('Q', '1', '\r')));
    }

    @Test
    void theServersEchoAndUnknownOptionsAreRefused() {
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, new TelnetCodec());
        n.opening();
        assertArrayEquals(bytes(IAC, DONT, 1), n.onCommand(cmd(WILL, 1)));
        assertArrayEquals(bytes(IAC, WONT, 24), n.onCommand(cmd(DO, 24)));
        assertArrayEquals(bytes(IAC, DONT, 31), n.onCommand(cmd(WILL, 31)));
    }

    @Test
    void aServerThatOffersBinaryUnaskedIsAnsweredOnce() {
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, new TelnetCodec());
        // no opening(): the server speaks first
        assertArrayEquals(bytes(IAC, DO, 0), n.onCommand(cmd(WILL, 0)));
        assertArrayEquals(new byte[0], n.onCommand(cmd(WILL, 0)));
        byte[] answer = n.onCommand(cmd(DO, 44));
        assertArrayEquals(bytes(IAC, WILL, 44), java.util.Arrays.copyOf(answer, 3), "an unasked DO COM-PORT is accepted");
        assertTrue(n.comPortAccepted());
    }

    @Test
    void aTelnetServerThatRefusesComPortIsReportedAsSuch() {
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, new TelnetCodec());
        n.opening();
        assertArrayEquals(new byte[0], n.onCommand(cmd(DONT, 44)));
        assertTrue(n.comPortRefused());
        assertTrue(n.telnetSeen());
        assertFalse(n.comPortAccepted());
    }

    @Test
    void notificationsFromTheServerAreIgnored() {
        ComPortNegotiation n = new ComPortNegotiation(2400, true, false, new TelnetCodec());
        n.opening();
        n.onCommand(cmd(DO, 44));
        n.onSubnegotiation(reply(107, 0x30)); // NOTIFY-MODEMSTATE
        n.onSubnegotiation(reply(106, 0x60)); // NOTIFY-LINESTATE
        assertEquals(List.of(), List.copyOf(n.acknowledged()));
    }
}
