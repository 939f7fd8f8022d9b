package io.upsfleet.nut.server;

import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.protocol.LineReader;
import io.upsfleet.nut.protocol.NutProtocol;
import io.upsfleet.nut.protocol.Reply;
import io.upsfleet.nut.protocol.Session;
import io.vertx.core.Context;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One NUT client on its socket: bytes to lines ({@link LineReader}), lines to the protocol one at a time, the
 * replies back in order. Everything runs on the connection's event loop; a reply that waits for the broker
 * (INSTCMD) holds the requests behind it, and a client that piles up more than {@link #MAX_QUEUED} requests
 * is not read from until they are answered. Thin by design: the decisions are in the protocol package.
 */
final class NutConnection implements LineReader.Sink {

    private static final Logger LOG = Logger.getLogger(NutConnection.class);
    static final int MAX_QUEUED = 32;

    private final NetSocket socket;
    private final Context context;
    private final Session session;
    private final NutProtocol protocol;
    private final NutMetrics metrics;
    private final LineReader reader;
    private final ArrayDeque<Supplier<CompletionStage<Reply>>> queue = new ArrayDeque<>();
    private final Runnable onClosed;
    private volatile long lastRequestNanos = System.nanoTime();
    private boolean busy;
    private boolean paused;
    private boolean ending;
    private String closeReason = "peer";

    NutConnection(NetSocket socket, Context context, Session session, NutProtocol protocol, NutMetrics metrics, int maxLineLength,
                  Runnable onClosed) {
        this.socket = socket;
        this.context = context;
        this.session = session;
        this.protocol = protocol;
        this.metrics = metrics;
        this.reader = new LineReader(maxLineLength);
        this.onClosed = onClosed;
    }

    void start() {
        socket.handler(buffer -> reader.feed(buffer.getBytes(), this));
        socket.exceptionHandler(e -> {
            LOG.debugf("connection from %s: %s", session.address(), e.toString());
            socket.close();
        });
        socket.closeHandler(v -> {
            protocol.closed(session);
            metrics.closed(closeReason);
            onClosed.run();
        });
    }

    Session session() {
        return session;
    }

    long idleNanos() {
        return System.nanoTime() - lastRequestNanos;
    }

    /** Closes the connection from any thread; {@code reason} goes to the metrics. */
    void close(String reason) {
        context.runOnContext(v -> {
            closeReason = reason;
            ending = true;
            socket.close();
        });
    }

    @Override
    public void line(String line) {
        lastRequestNanos = System.nanoTime();
        metrics.request();
        enqueue(() -> protocol.handle(session, line));
    }

    @Override
    public void tooLong() {
        enqueue(() -> Reply.nowErr("TOO-LONG"));
    }

    private void enqueue(Supplier<CompletionStage<Reply>> request) {
        if (ending) {
            return;
        }
        queue.add(request);
        if (queue.size() > MAX_QUEUED && !paused) {
            paused = true;
            socket.pause();
        }
        drain();
    }

    private void drain() {
        while (!busy && !ending && !queue.isEmpty()) {
            CompletionStage<Reply> stage;
            try {
                stage = queue.poll().get();
            } catch (RuntimeException e) {
                LOG.errorf(e, "request from %s failed", session.address());
                stage = Reply.nowErr("UNKNOWN");
            }
            CompletableFuture<Reply> done = stage.toCompletableFuture();
            if (done.isDone() && !done.isCompletedExceptionally()) {
                write(done.join());
                continue;
            }
            busy = true;
            stage.whenComplete((reply, failed) -> context.runOnContext(v -> {
                busy = false;
                write(failed != null ? Reply.err("UNKNOWN") : reply);
                drain();
            }));
        }
        if (paused && queue.size() <= MAX_QUEUED / 2 && !ending) {
            paused = false;
            socket.resume();
        }
    }

    private void write(Reply reply) {
        if (ending) {
            return;
        }
        if (reply.text().startsWith("ERR ")) {
            int end = reply.text().indexOf('\n');
            metrics.error(reply.text().substring(4, end < 0 ? reply.text().length() : end).split(" ")[0]);
        }
        socket.write(reply.text());
        switch (reply.after()) {
            case CLOSE -> {
                ending = true;
                closeReason = reply.text().startsWith("OK") ? "logout" : "auth";
                socket.end();
            }
            case STARTTLS -> {
                busy = true;
                socket.upgradeToSsl(result -> {
                    busy = false;
                    if (result.succeeded()) {
                        session.tlsStarted();
                        drain();
                    } else {
                        LOG.infof("TLS handshake with %s failed: %s", session.address(), result.cause().toString());
                        close("tls");
                    }
                });
            }
            case NONE -> { }
        }
    }
}
