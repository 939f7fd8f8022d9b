package io.upsfleet.gateway.link.rfc2217;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Telnet framing (RFC 854/855) as RFC 2217 uses it, with no I/O: bytes in, data and commands out. Data
 * bytes equal to IAC (255) are doubled on the way out and undoubled on the way in; commands
 * (WILL/WONT/DO/DONT option) and subnegotiations (IAC SB option ... IAC SE) are taken out of the stream.
 * A frame may be split anywhere between two calls to {@link #decode}. Not thread-safe: one per session.
 *
 * <p>While a direction is not in BINARY mode, Telnet's NVT rules apply to CR: a CR alone goes out as
 * CR NUL, and a CR NUL coming in is a CR.
 */
public final class TelnetCodec {

    public static final int IAC = 255;
    public static final int DONT = 254;
    public static final int DO = 253;
    public static final int WONT = 252;
    public static final int WILL = 251;
    public static final int SB = 250;
    public static final int SE = 240;
    public static final int NOP = 241;

    public static final int OPT_BINARY = 0;
    public static final int OPT_ECHO = 1;
    public static final int OPT_SGA = 3;
    public static final int OPT_COM_PORT = 44;

    /** A longer subnegotiation is not RFC 2217: the excess is dropped rather than buffered without bound. */
    static final int MAX_SUBNEGOTIATION = 64;

    /** Something taken out of the stream. */
    public sealed interface Event permits Data, Command, Subnegotiation {
    }

    /** Plain data bytes (already unescaped). */
    public record Data(byte[] bytes) implements Event {
    }

    /** IAC verb option, verb one of WILL, WONT, DO, DONT. */
    public record Command(int verb, int option) implements Event {
    }

    /** IAC SB option payload IAC SE, payload unescaped. */
    public record Subnegotiation(int option, byte[] payload) implements Event {
    }

    private enum State { DATA, IAC, VERB, SB_OPTION, SB, SB_IAC, CR }

    private State state = State.DATA;
    private int verb;
    private int sbOption;
    private final ByteArrayOutputStream sb = new ByteArrayOutputStream();
    private boolean receiveBinary;
    private boolean sendBinary;

    /** The far end sends in BINARY mode (it said WILL BINARY and we agreed): CR NUL is no longer special. */
    public void receiveBinary(boolean on) {
        receiveBinary = on;
    }

    /** We send in BINARY mode (we said WILL BINARY and it agreed): a CR goes out alone. */
    public void sendBinary(boolean on) {
        sendBinary = on;
    }

    /** Takes the next bytes from the far end; returns what they complete, in order. */
    public List<Event> decode(byte[] bytes, int offset, int length) {
        List<Event> events = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        state = State.IAC;
                    } else {
                        data.write(b);
                        if (b == '\r' && !receiveBinary) {
                            state = State.CR;
                        }
                    }
                }
                case CR -> {
                    // NVT: CR NUL is a CR (already written); CR LF and others pass through
                    state = State.DATA;
                    if (b == IAC) {
                        state = State.IAC;
                    } else if (b != 0) {
                        data.write(b);
                        if (b == '\r') {
                            state = State.CR;
                        }
                    }
                }
                case IAC -> {
                    if (b == IAC) {
                        data.write(IAC); // an escaped data byte 255
                        state = State.DATA;
                    } else if (b == WILL || b == WONT || b == DO || b == DONT) {
                        verb = b;
                        state = State.VERB;
                    } else if (b == SB) {
                        state = State.SB_OPTION;
                    } else {
                        state = State.DATA; // NOP, GA, AYT, ...: nothing to do for a serial line
                    }
                }
                case VERB -> {
                    flush(data, events);
                    events.add(new Command(verb, b));
                    state = State.DATA;
                }
                case SB_OPTION -> {
                    sbOption = b;
                    sb.reset();
                    state = State.SB;
                }
                case SB -> {
                    if (b == IAC) {
                        state = State.SB_IAC;
                    } else if (sb.size() < MAX_SUBNEGOTIATION) {
                        sb.write(b);
                    }
                }
                case SB_IAC -> {
                    if (b == SE) {
                        flush(data, events);
                        events.add(new Subnegotiation(sbOption, sb.toByteArray()));
                        state = State.DATA;
                    } else {
                        if (b == IAC && sb.size() < MAX_SUBNEGOTIATION) {
                            sb.write(IAC);
                        }
                        // anything else after IAC inside SB is a protocol error: ignored, still inside SB
                        state = State.SB;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        flush(data, events);
        return events;
    }

    public List<Event> decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    private static void flush(ByteArrayOutputStream data, List<Event> events) {
        if (data.size() > 0) {
            events.add(new Data(data.toByteArray()));
            data.reset();
        }
    }

    /** Data for the far end: IAC doubled, and a lone CR as CR NUL unless we send in BINARY mode. */
    public byte[] encode(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 4);
        for (int i = 0; i < data.length; i++) {
            int b = data[i] & 0xff;
            out.write(b);
            if (b == IAC) {
                out.write(IAC);
            } else if (b == '\r' && !sendBinary && (i + 1 >= data.length || data[i + 1] != '\n')) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    /** IAC verb option. */
    public static byte[] command(int verb, int option) {
        return new byte[]{(byte) IAC, (byte) verb, (byte) option};
    }

    /** IAC SB option payload IAC SE, with IAC bytes in the payload doubled. */
    public static byte[] subnegotiation(int option, byte... payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 6);
        out.write(IAC);
        out.write(SB);
        out.write(option);
        for (byte p : payload) {
            out.write(p);
            if ((p & 0xff) == IAC) {
                out.write(IAC);
            }
        }
        out.write(IAC);
        out.write(SE);
        return out.toByteArray();
    }
}
