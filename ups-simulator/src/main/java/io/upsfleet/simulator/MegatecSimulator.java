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
    public synchronized int add(SimulatedUps ups, int port) {
        if (units.containsKey(ups.id())) {
            throw new IllegalArgumentException("duplicate unit id " + ups.id());
        }
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        server.connectHandler(socket -> serve(ups, socket));
        int bound;
        try {
            bound = await(server.listen()).actualPort();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot serve unit " + ups.id() + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        servers.add(server);
        units.put(ups.id(), ups);
        ports.put(ups.id(), bound);
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
        RecordParser parser = RecordParser.newDelimited("\r", request -> {
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
            if (mode == FaultMode.SLOW) {
                vertx.setTimer(Math.max(1, ups.slowMillis()), t -> socket.write(out));
            } else {
                socket.write(out);
            }
        });
        parser.maxRecordSize(256);
        socket.handler(parser);
        socket.exceptionHandler(e -> socket.close());
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
    public synchronized void close() {
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
        }
        for (NetServer server : servers) {
            await(server.close());
        }
        servers.clear();
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
