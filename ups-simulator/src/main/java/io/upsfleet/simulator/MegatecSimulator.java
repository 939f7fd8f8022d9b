package io.upsfleet.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Serves simulated UPS units, one TCP port each, speaking Megatec exactly as a serial device server
 * would pass it through (CR-terminated ASCII). One Vert.x event loop carries thousands of units.
 */
public final class MegatecSimulator implements AutoCloseable {

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final String host;
    private final Map<String, SimulatedUps> units = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<NetServer> servers = new ArrayList<>();
    private final java.util.Set<String> adding = new java.util.HashSet<>();
    private long tickTimer = -1;

    public MegatecSimulator(String host) {
        this(Vertx.vertx(), true, host);
    }

    public MegatecSimulator(Vertx vertx, String host) {
        this(vertx, false, host);
    }

    private MegatecSimulator(Vertx vertx, boolean ownsVertx, String host) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.host = host;
    }

    /** Serves {@code ups} on {@code port} (0 = any free port) and returns the port it listens on. */
    public int add(SimulatedUps ups, int port) {
        // Not synchronized while waiting for the listen: the clock's tick takes the lock on the event loop
        // that must bind the port, and a unit added after startClock() deadlocked with it under load.
        synchronized (this) {
            if (units.containsKey(ups.id()) || adding.contains(ups.id())) {
                throw new IllegalArgumentException("duplicate unit id " + ups.id());
            }
            adding.add(ups.id());
        }
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        server.connectHandler(socket -> serve(ups, socket));
        int bound;
        try {
            bound = await(server.listen()).actualPort();
        } catch (IllegalStateException e) {
            synchronized (this) {
                adding.remove(ups.id());
            }
            throw new IllegalStateException("cannot serve unit " + ups.id() + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            adding.remove(ups.id());
            servers.add(server);
            units.put(ups.id(), ups);
            ports.put(ups.id(), bound);
        }
        return bound;
    }

    /** Starts the physical model's clock: every unit advances once a second. */
    public synchronized MegatecSimulator startClock() {
        if (tickTimer < 0) {
            tickTimer = vertx.setPeriodic(1000, id -> units().forEach(u -> u.tick(1.0)));
        }
        return this;
    }

    private void serve(SimulatedUps ups, NetSocket socket) {
        IdleTimer idle = new IdleTimer(ups, socket);
        idle.restart();
        RecordParser parser = RecordParser.newDelimited("\r", request -> {
            if (idle.expired()) {
                socket.close(); // the idle close and this request crossed: the request is lost
                return;
            }
            idle.restart();
            String req = request.toString(StandardCharsets.US_ASCII);
            FaultMode mode = ups.faultMode();
            if (mode == FaultMode.SILENCE) {
                ups.handle(req); // the unit still acts, it only never answers
                return;
            }
            String reply = ups.handle(req);
            if (reply == null) {
                return;
            }
            Buffer out = shape(reply, mode);
            Session session = ups.session();
            if (mode == FaultMode.SLOW) {
                vertx.setTimer(Math.max(1, ups.slowMillis()), t -> send(socket, out, session));
            } else {
                send(socket, out, session);
            }
        });
        parser.maxRecordSize(256);
        socket.handler(parser);
        socket.closeHandler(v -> idle.cancel());
        socket.exceptionHandler(e -> socket.close());
    }

    /** Writes a reply as the device server would: whole or in packets, then hangs up if it does that. */
    private void send(NetSocket socket, Buffer reply, Session session) {
        if (session.splitBytes() <= 0 || session.splitBytes() >= reply.length()) {
            socket.write(reply);
            if (session.hangUpAfterReply()) {
                socket.end(); // the reply is flushed before the FIN
            }
            return;
        }
        sendFrom(socket, reply, 0, session);
    }

    private void sendFrom(NetSocket socket, Buffer reply, int from, Session session) {
        int to = Math.min(reply.length(), from + session.splitBytes());
        socket.write(reply.getBuffer(from, to));
        if (to >= reply.length()) {
            if (session.hangUpAfterReply()) {
                socket.end();
            }
            return;
        }
        vertx.setTimer(Math.max(1, session.splitGapMillis()), t -> sendFrom(socket, reply, to, session));
    }

    /** Closes a session that carried no request for the unit's idle timeout (ser2net "timeout", Moxa "inactivity time"). */
    private final class IdleTimer {
        private final SimulatedUps ups;
        private final NetSocket socket;
        private long timer = -1;
        private long lastRequestNanos = System.nanoTime();

        IdleTimer(SimulatedUps ups, NetSocket socket) {
            this.ups = ups;
            this.socket = socket;
        }

        void restart() {
            cancel();
            lastRequestNanos = System.nanoTime();
            Session session = ups.session();
            int millis = session.idleTimeoutMillis();
            if (millis > 0 && !session.idleCrossing()) {
                timer = vertx.setTimer(millis, t -> {
                    timer = -1;
                    socket.close();
                });
            }
        }

        /** Idle for longer than the timeout, in the crossing variant (the timer variant has closed the session already). */
        boolean expired() {
            Session session = ups.session();
            return session.idleCrossing() && session.idleTimeoutMillis() > 0
                    && System.nanoTime() - lastRequestNanos > session.idleTimeoutMillis() * 1_000_000L;
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private static Buffer shape(String reply, FaultMode mode) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        return switch (mode) {
            case GARBAGE -> {
                byte[] junk = new byte[rnd.nextInt(5, 60)];
                rnd.nextBytes(junk);
                for (int i = 0; i < junk.length; i++) {
                    if (junk[i] == '\r') {
                        junk[i] = '?';
                    }
                }
                yield Buffer.buffer(junk).appendString("\r");
            }
            case TRUNCATED -> Buffer.buffer(reply.substring(0, reply.length() / 2) + "\r", "US-ASCII");
            case NOISE -> Buffer.buffer(new byte[]{0x00, (byte) 0xff, 0x11}).appendString(reply + "\r");
            default -> Buffer.buffer(reply + "\r", "US-ASCII");
        };
    }

    public synchronized SimulatedUps unit(String id) {
        SimulatedUps ups = units.get(id);
        if (ups == null) {
            throw new IllegalArgumentException("no simulated unit " + id);
        }
        return ups;
    }

    public synchronized int port(String id) {
        unit(id);
        return ports.get(id);
    }

    public synchronized Collection<SimulatedUps> units() {
        return List.copyOf(units.values());
    }

    public synchronized Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    public String host() {
        return host;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        List<NetServer> toClose;
        synchronized (this) {
            if (tickTimer >= 0) {
                vertx.cancelTimer(tickTimer);
                tickTimer = -1;
            }
            toClose = List.copyOf(servers);
            servers.clear();
        }
        // awaited without the lock (see add)
        for (NetServer server : toClose) {
            await(server.close());
        }
        if (ownsVertx) {
            await(vertx.close());
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
