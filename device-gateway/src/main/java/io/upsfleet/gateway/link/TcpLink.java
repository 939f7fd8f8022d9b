package io.upsfleet.gateway.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Megatec over a raw TCP socket (serial device server, ser2net, the simulator). Non-blocking: one event
 * loop carries thousands of these. All methods run on the owning poller's Vert.x context.
 *
 * <p>Device servers end sessions: after an idle timeout, or after every reply. A session that ends is
 * not a failure: the next request opens a new one. A far end seen to hang up right after a reply is
 * remembered as one that does, and each later request then gets a session of its own, so a request (a
 * command too) is never written into a session the far end is about to close.
 */
public final class TcpLink implements UpsLink {

    private static final Logger LOG = Logger.getLogger(TcpLink.class);

    /** A reply longer than this is not Megatec; the connection is dropped rather than buffering forever. */
    private static final int MAX_REPLY = 512;

    private final Context context;
    private final NetClient client;
    private final String host;
    private final int port;
    private final SessionProtocol protocol;
    private Runnable sessionOpened = () -> { };
    private NetSocket socket;
    private SessionProtocol.Wire wire;
    private Promise<String> pending;
    private long timer = -1;
    /** Replies received on the current session. */
    private int repliesOnSession;
    /** The far end closed a session right after a reply (and has not since kept one open for a second request). */
    private boolean peerHangsUp;
    private long lastReplyNanos;
    /** A close this soon after a reply is a hang-up after replies; later ones are idle timeouts and the like. */
    private static final long HANG_UP_WITHIN_NANOS = 200_000_000L;

    public TcpLink(Context context, NetClient client, String host, int port) {
        this(context, client, host, port, SessionProtocol.RAW);
    }

    public TcpLink(Context context, NetClient client, String host, int port, SessionProtocol protocol) {
        this.context = context;
        this.client = client;
        this.host = host;
        this.port = port;
        this.protocol = protocol;
    }

    @Override
    public Future<String> request(String request, Duration timeout) {
        if (pending != null) {
            return Future.failedFuture(new IllegalStateException("request already in flight on " + describe()));
        }
        if (socket != null && peerHangsUp && repliesOnSession > 0) {
            reset(); // it is closing this session anyway: do not write into it
        }
        Future<NetSocket> connected = socket != null ? Future.succeededFuture(socket) : connect();
        return connected.compose(s -> {
            Promise<String> promise = Promise.promise();
            pending = promise;
            timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), id -> {
                timer = -1;
                complete(null);
            });
            s.write(wire.frame(Buffer.buffer(request + "\r", StandardCharsets.ISO_8859_1.name())))
                    .onFailure(e -> fail(new LinkException(LinkException.Kind.ENDED,
                            "write to " + describe() + " failed: " + e.getMessage(), e)));
            return promise.future();
        });
    }

    private Future<NetSocket> connect() {
        return client.connect(port, host)
                .recover(e -> Future.failedFuture(new LinkException(LinkException.Kind.CONNECT,
                        "cannot connect to " + describe() + ": " + e.getMessage(), e)))
                .compose(s -> {
                    RecordParser parser = RecordParser.newDelimited("\r", record -> {
                        if (socket == s) {
                            repliesOnSession++;
                            lastReplyNanos = System.nanoTime();
                            if (repliesOnSession > 1 && peerHangsUp) {
                                peerHangsUp = false; // it kept a session open for a second request after all
                            }
                            complete(record.toString(StandardCharsets.ISO_8859_1));
                        }
                    });
                    parser.maxRecordSize(MAX_REPLY);
                    parser.exceptionHandler(e -> {
                        fail(new LinkException("reply from " + describe() + " longer than " + MAX_REPLY + " bytes without CR"));
                        reset();
                    });
                    SessionProtocol.Wire w = protocol.open(s, parser);
                    s.handler(w::received);
                    s.closeHandler(v -> {
                        w.closed();
                        if (socket == s) {
                            socket = null;
                            if (pending != null) {
                                fail(new LinkException(LinkException.Kind.ENDED, "session to " + describe()
                                        + " closed by the far end before the reply"));
                            } else if (repliesOnSession > 0 && !peerHangsUp
                                    && System.nanoTime() - lastReplyNanos < HANG_UP_WITHIN_NANOS) {
                                peerHangsUp = true;
                                LOG.debugf("%s closes its sessions after replies: one session per request from now on", describe());
                            }
                        }
                    });
                    s.exceptionHandler(e -> fail(new LinkException("connection to " + describe() + " failed: " + e.getMessage(), e)));
                    socket = s;
                    wire = w;
                    repliesOnSession = 0;
                    return w.ready().map(v -> {
                        sessionOpened.run();
                        return s;
                    }).recover(e -> {
                        if (socket == s) {
                            reset();
                        }
                        s.close();
                        return Future.failedFuture(e instanceof LinkException ? e : new LinkException(LinkException.Kind.CONNECT,
                                describe() + ": " + e.getMessage(), e));
                    });
                });
    }

    private void complete(String reply) {
        Promise<String> p = takePending();
        if (p != null) {
            p.complete(reply);
        }
        // A reply with no request in flight is a late answer to a timed-out request: dropped.
    }

    private void fail(Throwable error) {
        Promise<String> p = takePending();
        if (p != null) {
            p.fail(error);
        }
    }

    private Promise<String> takePending() {
        Promise<String> p = pending;
        pending = null;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        return p;
    }

    @Override
    public void onSessionOpened(Runnable listener) {
        Runnable before = sessionOpened;
        sessionOpened = () -> {
            before.run();
            listener.run();
        };
    }

    @Override
    public void reset() {
        NetSocket s = socket;
        socket = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String describe() {
        return protocol.scheme() + "://" + host + ":" + port;
    }

    @Override
    public void close() {
        fail(new LinkException("link to " + describe() + " closed"));
        reset();
    }
}
