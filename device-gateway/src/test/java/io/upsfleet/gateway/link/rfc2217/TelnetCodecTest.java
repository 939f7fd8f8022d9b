package io.upsfleet.gateway.link.rfc2217;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.IAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class TelnetCodecTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] data(List<TelnetCodec.Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.stream().filter(e -> e instanceof TelnetCodec.Data).forEach(e -> out.writeBytes(((TelnetCodec.Data) e).bytes()));
        return out.toByteArray();
    }

    private static TelnetCodec binary() {
        TelnetCodec codec = new TelnetCodec();
        codec.sendBinary(true);
        codec.receiveBinary(true);
        return codec;
    }

    @Test
    void iacInOutgoingDataIsDoubled() {
        assertArrayEquals(bytes('Q', IAC, IAC, '1', '\r'), binary().encode(bytes('Q', IAC, '1', '\r')));
    }

    @Test
    void doubledIacInIncomingDataIsOneDataByte() {
        assertArrayEquals(bytes('(', IAC, '2', '\r'), data(binary().decode(bytes('(', IAC, IAC, '2', '\r'))));
    }

    @Test
    void commandsAndSubnegotiationsAreTakenOutOfTheDataInOrder() {
        List<TelnetCodec.Event> events = binary().decode(bytes('a', IAC, TelnetCodec.DO, 44, 'b',
                IAC, TelnetCodec.SB, 44, 101, 0, 0, 9, 96, IAC, TelnetCodec.SE, 'c'));
        assertEquals(5, events.size(), events.toString());
        assertArrayEquals(bytes('a'), ((TelnetCodec.Data) events.get(0)).bytes());
        assertEquals(new TelnetCodec.Command(TelnetCodec.DO, 44), events.get(1));
        assertArrayEquals(bytes('b'), ((TelnetCodec.Data) events.get(2)).bytes());
        TelnetCodec.Subnegotiation sb = assertInstanceOf(TelnetCodec.Subnegotiation.class, events.get(3));
        assertEquals(44, sb.option());
        assertArrayEquals(bytes(101, 0, 0, 9, 96), sb.payload());
        assertArrayEquals(bytes('c'), ((TelnetCodec.Data) events.get(4)).bytes());
    }

    @Test
    void iacInsideASubnegotiationIsDoubledOnTheWayOutAndUndoubledOnTheWayIn() {
        byte[] wire = TelnetCodec.subnegotiation(44, (byte) 1, (byte) 0, (byte) 0, (byte) 0xff, (byte) 0xff);
        assertArrayEquals(bytes(IAC, TelnetCodec.SB, 44, 1, 0, 0, IAC, IAC, IAC, IAC, IAC, TelnetCodec.SE), wire);
        TelnetCodec.Subnegotiation sb = (TelnetCodec.Subnegotiation) binary().decode(wire).get(0);
        assertArrayEquals(bytes(1, 0, 0, 0xff, 0xff), sb.payload());
    }

    @Test
    void aFrameSplitAtEveryByteDecodesTheSame() {
        byte[] wire = bytes('(', IAC, IAC, IAC, TelnetCodec.WILL, 3, IAC, TelnetCodec.SB, 44, 105, 8, IAC, TelnetCodec.SE, 'x', '\r');
        TelnetCodec codec = binary();
        List<TelnetCodec.Event> all = new ArrayList<>();
        for (byte b : wire) {
            all.addAll(codec.decode(new byte[]{b}));
        }
        assertArrayEquals(bytes('(', IAC, 'x', '\r'), data(all));
        assertEquals(new TelnetCodec.Command(TelnetCodec.WILL, 3), all.stream().filter(e -> e instanceof TelnetCodec.Command).findFirst().orElseThrow());
        assertEquals(1, all.stream().filter(e -> e instanceof TelnetCodec.Subnegotiation).count());
    }

    @Test
    void outsideBinaryModeALoneCrGoesOutAsCrNulAndComesBackAsCr() {
        TelnetCodec nvt = new TelnetCodec();
        assertArrayEquals(bytes('Q', '1', '\r', 0), nvt.encode("Q1\r".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(bytes('Q', '1', '\r', '\n'), nvt.encode("Q1\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(bytes('(', '1', '\r', 'n'), data(nvt.decode(bytes('(', '1', '\r', 0, 'n'))));
        assertArrayEquals(bytes('Q', '1', '\r'), binary().encode("Q1\r".getBytes(StandardCharsets.US_ASCII)), "binary: CR alone");
        assertArrayEquals(bytes('\r', 0), data(binary().decode(bytes('\r', 0))), "binary: NUL is data");
    }

    @Test
    void randomDataSurvivesEncodeAndDecodeSplitAnywhere() {
        Random rnd = new Random(2217);
        for (int round = 0; round < 2000; round++) {
            byte[] payload = new byte[rnd.nextInt(1, 80)];
            rnd.nextBytes(payload);
            for (boolean binaryMode : new boolean[]{true, false}) {
                TelnetCodec sender = new TelnetCodec();
                TelnetCodec receiver = new TelnetCodec();
                sender.sendBinary(binaryMode);
                receiver.receiveBinary(binaryMode);
                byte[] wire = sender.encode(payload);
                List<TelnetCodec.Event> events = new ArrayList<>();
                int at = 0;
                while (at < wire.length) {
                    int n = Math.min(wire.length - at, rnd.nextInt(1, 8));
                    events.addAll(receiver.decode(wire, at, n));
                    at += n;
                }
                assertArrayEquals(payload, data(events), "round " + round + " binary " + binaryMode);
                assertEquals(events.size(), events.stream().filter(e -> e instanceof TelnetCodec.Data).count(), "only data");
            }
        }
    }

    @Test
    void anOverlongSubnegotiationIsCutNotBufferedWithoutBound() {
        byte[] wire = new byte[10_000];
        wire[0] = (byte) IAC;
        wire[1] = (byte) TelnetCodec.SB;
        wire[2] = 44;
        List<TelnetCodec.Event> events = binary().decode(wire);
        assertEquals(0, events.size());
        TelnetCodec codec = binary();
        codec.decode(wire);
        TelnetCodec.Subnegotiation sb = (TelnetCodec.Subnegotiation) codec.decode(bytes(IAC, TelnetCodec.SE)).get(0);
        assertEquals(TelnetCodec.MAX_SUBNEGOTIATION, sb.payload().length);
    }
}
