package io.upsfleet.gateway.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Megatec over a raw TCP socket (serial device server, ser2net, the simulator). Non-blocking: one event
 * loop carries thousands of these. All methods run on the owning poller's Vert.x context.
 */
public final class TcpLink implements UpsLink {

    /** A reply longer than this is not Megatec; the connection is dropped rather than buffering forever. */
    private static final int MAX_REPLY = 512;

    private final Context context;
    private final NetClient client;
    private final String host;
    private final int port;
    private NetSocket socket;
    private Promise<String> pending;
    private long timer = -1;

    public TcpLink(Context context, NetClient client, String host, int port) {
        this.context = context;
        this.client = client;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<String> request(String request, Duration timeout) {
        if (pending != null) {
            return Future.failedFuture(new IllegalStateException("request already in flight on " + describe()));
        }
        Future<NetSocket> connected = socket != null ? Future.succeededFuture(socket) : connect();
        return connected.compose(s -> {
            Promise<String> promise = Promise.promise();
            pending = promise;
            timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), id -> {
                timer = -1;
                complete(null);
            });
            s.write(Buffer.buffer(request + "\r", StandardCharsets.US_ASCII.name()))
                    .onFailure(e -> fail(new LinkException("write to " + describe() + " failed: " + e.getMessage(), e)));
            return promise.future();
        });
    }

    private Future<NetSocket> connect() {
        return client.connect(port, host)
                .recover(e -> Future.failedFuture(new LinkException("cannot connect to " + describe() + ": " + e.getMessage(), e)))
                .map(s -> {
                    RecordParser parser = RecordParser.newDelimited("\r", record -> complete(record.toString(StandardCharsets.ISO_8859_1)));
                    parser.maxRecordSize(MAX_REPLY);
                    parser.exceptionHandler(e -> {
                        fail(new LinkException("reply from " + describe() + " longer than " + MAX_REPLY + " bytes without CR"));
                        reset();
                    });
                    s.handler(parser);
                    s.closeHandler(v -> {
                        if (socket == s) {
                            socket = null;
                            fail(new LinkException("connection to " + describe() + " closed"));
                        }
                    });
                    s.exceptionHandler(e -> fail(new LinkException("connection to " + describe() + " failed: " + e.getMessage(), e)));
                    socket = s;
                    return s;
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
    public void reset() {
        NetSocket s = socket;
        socket = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String describe() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public void close() {
        fail(new LinkException("link to " + describe() + " closed"));
        reset();
    }
}
