package io.upsfleet.gateway.link.rfc2217;

import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.DO;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.DONT;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.OPT_BINARY;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.OPT_COM_PORT;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.OPT_SGA;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.WILL;
import static io.upsfleet.gateway.link.rfc2217.TelnetCodec.WONT;

/**
 * The client side of one RFC 2217 session, with no I/O: what to send first, what to answer to each Telnet
 * command of the far end, and when the remote serial port is set up. Options accepted: COM-PORT-OPTION
 * (we WILL), BINARY and SUPPRESS-GO-AHEAD (both ways); everything else is refused, and the far end's echo
 * in particular (it would come back as a reply). An answer is only sent when the state changes, so two
 * ends never loop (RFC 1143's rule, simplified for a client that asks for all it wants at once).
 *
 * <p>Once the far end agrees to COM-PORT-OPTION, the line settings go out: SET-BAUDRATE, SET-DATASIZE 8,
 * SET-PARITY NONE, SET-STOPSIZE 1, SET-CONTROL no flow control, DTR and RTS as configured. The port is
 * {@link #settled()} when the far end has acknowledged the line settings (reply code = command + 100).
 */
public final class ComPortNegotiation {

    // RFC 2217 client-to-server commands (the server answers with the same code + 100)
    static final int SET_BAUDRATE = 1;
    static final int SET_DATASIZE = 2;
    static final int SET_PARITY = 3;
    static final int SET_STOPSIZE = 4;
    static final int SET_CONTROL = 5;
    static final int SERVER_OFFSET = 100;

    static final int PARITY_NONE = 1;
    static final int STOPSIZE_1 = 1;
    static final int CONTROL_NO_FLOW = 1;
    static final int CONTROL_DTR_ON = 8;
    static final int CONTROL_DTR_OFF = 9;
    static final int CONTROL_RTS_ON = 11;
    static final int CONTROL_RTS_OFF = 12;

    /** The settings as the far end confirmed them. */
    public enum Setting { BAUD, DATASIZE, PARITY, STOPSIZE, FLOW, DTR, RTS }

    private final int baud;
    private final boolean dtr;
    private final boolean rts;
    private final TelnetCodec codec;

    private boolean comPortAccepted;
    private boolean comPortRefused;
    private boolean settingsSent;
    private boolean telnetSeen;
    private final Set<Setting> acknowledged = EnumSet.noneOf(Setting.class);
    private Integer confirmedBaud;
    // local (we send) and remote (they send) option states: true = on; requested = we asked, no answer yet
    private boolean localBinary;
    private boolean remoteBinary;
    private boolean localSga;
    private boolean remoteSga;
    private final Set<Integer> localRequested = new java.util.HashSet<>();
    private final Set<Integer> remoteRequested = new java.util.HashSet<>();

    public ComPortNegotiation(int baud, boolean dtr, boolean rts, TelnetCodec codec) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive, was " + baud);
        }
        this.baud = baud;
        this.dtr = dtr;
        this.rts = rts;
        this.codec = codec;
    }

    /** What the client sends first on a new session. */
    public byte[] opening() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, TelnetCodec.command(WILL, OPT_COM_PORT));
        localRequested.add(OPT_COM_PORT);
        write(out, TelnetCodec.command(WILL, OPT_BINARY));
        localRequested.add(OPT_BINARY);
        write(out, TelnetCodec.command(DO, OPT_BINARY));
        remoteRequested.add(OPT_BINARY);
        write(out, TelnetCodec.command(WILL, OPT_SGA));
        localRequested.add(OPT_SGA);
        write(out, TelnetCodec.command(DO, OPT_SGA));
        remoteRequested.add(OPT_SGA);
        return out.toByteArray();
    }

    /** The answer (possibly empty) to one command of the far end. */
    public byte[] onCommand(TelnetCodec.Command command) {
        telnetSeen = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int option = command.option();
        switch (command.verb()) {
            case DO -> { // the far end asks us to use an option (or agrees to our WILL)
                boolean asked = localRequested.remove(option);
                if (option == OPT_COM_PORT || option == OPT_BINARY || option == OPT_SGA) {
                    if (!asked && !localOn(option)) {
                        write(out, TelnetCodec.command(WILL, option));
                    }
                    if (!localOn(option)) {
                        setLocal(option, true);
                        if (option == OPT_COM_PORT) {
                            write(out, settings());
                        }
                    }
                } else {
                    write(out, TelnetCodec.command(WONT, option));
                }
            }
            case DONT -> {
                localRequested.remove(option);
                if (option == OPT_COM_PORT) {
                    comPortRefused = true; // refused at once, or withdrawn later: either way no line settings
                }
                if (localOn(option)) {
                    setLocal(option, false);
                    write(out, TelnetCodec.command(WONT, option));
                }
            }
            case WILL -> { // the far end offers to use an option (or agrees to our DO)
                boolean asked = remoteRequested.remove(option);
                if (option == OPT_BINARY || option == OPT_SGA) {
                    if (!asked && !remoteOn(option)) {
                        write(out, TelnetCodec.command(DO, option));
                    }
                    setRemote(option, true);
                } else {
                    write(out, TelnetCodec.command(DONT, option)); // ECHO above all: a reply would come back doubled
                }
            }
            case WONT -> {
                remoteRequested.remove(option);
                if (remoteOn(option)) {
                    setRemote(option, false);
                    write(out, TelnetCodec.command(DONT, option));
                }
            }
            default -> {
                // not a negotiation verb
            }
        }
        return out.toByteArray();
    }

    /** Takes the far end's answer to one of our settings (or a notification, ignored). */
    public void onSubnegotiation(TelnetCodec.Subnegotiation sub) {
        telnetSeen = true;
        if (sub.option() != OPT_COM_PORT || sub.payload().length < 1) {
            return;
        }
        byte[] p = sub.payload();
        int code = (p[0] & 0xff) - SERVER_OFFSET;
        switch (code) {
            case SET_BAUDRATE -> {
                if (p.length >= 5) {
                    confirmedBaud = ((p[1] & 0xff) << 24) | ((p[2] & 0xff) << 16) | ((p[3] & 0xff) << 8) | (p[4] & 0xff);
                }
                acknowledged.add(Setting.BAUD);
            }
            case SET_DATASIZE -> acknowledged.add(Setting.DATASIZE);
            case SET_PARITY -> acknowledged.add(Setting.PARITY);
            case SET_STOPSIZE -> acknowledged.add(Setting.STOPSIZE);
            case SET_CONTROL -> {
                // the answer carries the value now in effect, which says which of our settings it confirms
                int value = p.length >= 2 ? p[1] & 0xff : -1;
                if (value == CONTROL_NO_FLOW) {
                    acknowledged.add(Setting.FLOW);
                } else if (value == CONTROL_DTR_ON || value == CONTROL_DTR_OFF) {
                    acknowledged.add(Setting.DTR);
                } else if (value == CONTROL_RTS_ON || value == CONTROL_RTS_OFF) {
                    acknowledged.add(Setting.RTS);
                }
            }
            default -> {
                // NOTIFY-LINESTATE, NOTIFY-MODEMSTATE, flow control suspend/resume: nothing to do here
            }
        }
    }

    private byte[] settings() {
        settingsSent = true;
        comPortAccepted = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, TelnetCodec.subnegotiation(OPT_COM_PORT, (byte) SET_BAUDRATE,
                (byte) (baud >>> 24), (byte) (baud >>> 16), (byte) (baud >>> 8), (byte) baud));
        write(out, TelnetCodec.subnegotiation(OPT_COM_PORT, (byte) SET_DATASIZE, (byte) 8));
        write(out, TelnetCodec.subnegotiation(OPT_COM_PORT, (byte) SET_PARITY, (byte) PARITY_NONE));
        write(out, TelnetCodec.subnegotiation(OPT_COM_PORT, (byte) SET_STOPSIZE, (byte) STOPSIZE_1));
        for (int control : new int[]{CONTROL_NO_FLOW, dtr ? CONTROL_DTR_ON : CONTROL_DTR_OFF, rts ? CONTROL_RTS_ON : CONTROL_RTS_OFF}) {
            write(out, TelnetCodec.subnegotiation(OPT_COM_PORT, (byte) SET_CONTROL, (byte) control));
        }
        return out.toByteArray();
    }

    private boolean localOn(int option) {
        return switch (option) {
            case OPT_BINARY -> localBinary;
            case OPT_SGA -> localSga;
            case OPT_COM_PORT -> comPortAccepted;
            default -> false;
        };
    }

    private void setLocal(int option, boolean on) {
        switch (option) {
            case OPT_BINARY -> {
                localBinary = on;
                codec.sendBinary(on);
            }
            case OPT_SGA -> localSga = on;
            case OPT_COM_PORT -> {
                if (!on) {
                    comPortAccepted = false;
                }
            }
            default -> {
            }
        }
    }

    private boolean remoteOn(int option) {
        return option == OPT_BINARY ? remoteBinary : option == OPT_SGA && remoteSga;
    }

    private void setRemote(int option, boolean on) {
        if (option == OPT_BINARY) {
            remoteBinary = on;
            codec.receiveBinary(on);
        } else if (option == OPT_SGA) {
            remoteSga = on;
        }
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    /** The far end said anything in Telnet at all. */
    public boolean telnetSeen() {
        return telnetSeen;
    }

    /** The far end agreed to COM-PORT-OPTION and our settings went out. */
    public boolean comPortAccepted() {
        return comPortAccepted && settingsSent;
    }

    /** The far end speaks Telnet but refused COM-PORT-OPTION (a plain Telnet server, not RFC 2217). */
    public boolean comPortRefused() {
        return comPortRefused;
    }

    /**
     * The line settings (baud, 8N1, no flow control) were acknowledged: data may flow. DTR and RTS are not
     * waited for: a device server whose port has no modem lines (ser2net on a pty) never confirms them.
     */
    public boolean settled() {
        return comPortAccepted() && acknowledged.containsAll(LINE);
    }

    /** The far end also confirmed DTR and RTS as configured. */
    public boolean modemLinesConfirmed() {
        return acknowledged.contains(Setting.DTR) && acknowledged.contains(Setting.RTS);
    }

    private static final Set<Setting> LINE = EnumSet.of(Setting.BAUD, Setting.DATASIZE, Setting.PARITY, Setting.STOPSIZE, Setting.FLOW);

    public Set<Setting> acknowledged() {
        Set<Setting> copy = EnumSet.noneOf(Setting.class);
        copy.addAll(acknowledged);
        return copy;
    }

    /** The baud rate the far end reported, if it did (it may differ from the requested one). */
    public Integer confirmedBaud() {
        return confirmedBaud;
    }

    public int requestedBaud() {
        return baud;
    }

    public boolean binaryBothWays() {
        return localBinary && remoteBinary;
    }
}
