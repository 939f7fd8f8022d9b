package io.upsfleet.gateway.link.rfc2217;

import io.upsfleet.gateway.link.LinkException;
import io.upsfleet.gateway.link.SessionProtocol;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * RFC 2217 (Telnet COM Port Control) on a TCP session: each new session negotiates the Telnet options
 * ({@link ComPortNegotiation}) and sets the remote serial port (baud, 8N1, no flow control, DTR, RTS)
 * before the first request; data is IAC-escaped both ways ({@link TelnetCodec}). A far end that does not
 * answer in Telnet within the negotiation timeout (a raw TCP port), or refuses COM-PORT-OPTION (a plain
 * Telnet server), fails the connect with a message that says so. Data that arrives before the port is set
 * up belongs to no request and is dropped.
 */
public final class Rfc2217Protocol implements SessionProtocol {

    private static final Logger LOG = Logger.getLogger(Rfc2217Protocol.class);

    private final Vertx vertx;
    private final int baud;
    private final boolean dtr;
    private final boolean rts;
    private final Duration negotiationTimeout;
    private final String where;
    private boolean baudWarned;

    public Rfc2217Protocol(Vertx vertx, String where, int baud, boolean dtr, boolean rts, Duration negotiationTimeout) {
        this.vertx = vertx;
        this.where = where;
        this.baud = baud;
        this.dtr = dtr;
        this.rts = rts;
        this.negotiationTimeout = negotiationTimeout;
    }

    /** Long enough for a slow device server's negotiation, and never shorter than 2 s. */
    public static Duration negotiationTimeout(Duration replyTimeout) {
        Duration twice = replyTimeout.multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : twice;
    }

    @Override
    public String scheme() {
        return "rfc2217";
    }

    @Override
    public Wire open(NetSocket socket, Handler<Buffer> data) {
        return new Session(socket, data);
    }

    private final class Session implements Wire {
        private final NetSocket socket;
        private final Handler<Buffer> data;
        private final TelnetCodec codec = new TelnetCodec();
        private final ComPortNegotiation negotiation;
        private final Promise<Void> ready = Promise.promise();
        private final long timer;

        Session(NetSocket socket, Handler<Buffer> data) {
            this.socket = socket;
            this.data = data;
            this.negotiation = new ComPortNegotiation(baud, dtr, rts, codec);
            socket.write(Buffer.buffer(negotiation.opening()));
            timer = vertx.setTimer(Math.max(1, negotiationTimeout.toMillis()), t -> timedOut());
        }

        @Override
        public Future<Void> ready() {
            return ready.future();
        }

        @Override
        public void received(Buffer bytes) {
            for (TelnetCodec.Event event : codec.decode(bytes.getBytes())) {
                if (event instanceof TelnetCodec.Data d) {
                    if (ready.future().succeeded()) {
                        data.handle(Buffer.buffer(d.bytes()));
                    }
                } else if (event instanceof TelnetCodec.Command c) {
                    byte[] answer = negotiation.onCommand(c);
                    if (answer.length > 0) {
                        socket.write(Buffer.buffer(answer));
                    }
                } else if (event instanceof TelnetCodec.Subnegotiation sb) {
                    negotiation.onSubnegotiation(sb);
                }
            }
            if (ready.future().isComplete()) {
                return;
            }
            if (negotiation.comPortRefused()) {
                failReady("speaks Telnet but refuses COM-PORT-OPTION: it is a Telnet server without RFC 2217 "
                        + "(enable RFC 2217 on the device server, or set the line there and use tcp://)");
            } else if (negotiation.settled()) {
                succeedReady();
            }
        }

        private void timedOut() {
            if (ready.future().isComplete()) {
                return;
            }
            if (negotiation.comPortAccepted()) {
                // It took the settings but did not confirm all of them: go on, say which are unconfirmed.
                LOG.warnf("%s: RFC 2217 settings not all confirmed within %d ms (confirmed: %s); polling anyway",
                        where, negotiationTimeout.toMillis(), negotiation.acknowledged());
                succeedReady();
            } else if (negotiation.telnetSeen()) {
                failReady("speaks Telnet but did not agree to COM-PORT-OPTION within " + negotiationTimeout.toMillis()
                        + " ms: is RFC 2217 enabled on the device server?");
            } else {
                failReady("no Telnet answer within " + negotiationTimeout.toMillis() + " ms: the far end does not speak "
                        + "Telnet/RFC 2217 (a raw TCP port? then use tcp://" + where.replaceFirst("^rfc2217://", "") + ")");
            }
        }

        private void succeedReady() {
            vertx.cancelTimer(timer);
            Integer confirmed = negotiation.confirmedBaud();
            if (confirmed != null && confirmed != baud && confirmed != 0 && !baudWarned) {
                baudWarned = true;
                LOG.warnf("%s: asked for %d baud, the device server reports %d", where, baud, confirmed);
            }
            LOG.debugf("%s: RFC 2217 session set up (%d baud 8N1, DTR %s, RTS %s; confirmed so far %s)", where, baud,
                    dtr ? "on" : "off", rts ? "on" : "off", negotiation.acknowledged());
            ready.tryComplete();
        }

        private void failReady(String why) {
            vertx.cancelTimer(timer);
            ready.tryFail(new LinkException(LinkException.Kind.CONNECT, where + " " + why));
        }

        @Override
        public Buffer frame(Buffer bytes) {
            return Buffer.buffer(codec.encode(bytes.getBytes()));
        }

        @Override
        public void closed() {
            failReady("closed the session during the RFC 2217 negotiation");
        }
    }
}
