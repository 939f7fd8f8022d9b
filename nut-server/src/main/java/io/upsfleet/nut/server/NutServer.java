package io.upsfleet.nut.server;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.upsfleet.nut.NutConfig;
import io.upsfleet.nut.bus.BusOut;
import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.protocol.NutProtocol;
import io.upsfleet.nut.protocol.Session;
import io.upsfleet.nut.protocol.Users;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;


import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NUT listener: {@code upsfleet.nut.event-loops} Vert.x NetServers on the NUT port (the kernel spreads the
 * connections over them), a sweep that drops clients idle longer than {@code idle-timeout} (as upsd does after
 * 60 s), and the timer that publishes the changed client lists. Refuses to start on a bad configuration.
 */
@Singleton
public class NutServer {

    private static final Logger LOG = Logger.getLogger(NutServer.class);

    private final NutConfig config;
    private final NutProtocol protocol;
    private final NutMetrics metrics;
    private final BusOut bus;
    private final Users users;
    private final Vertx vertx;
    private final Map<Long, NutConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean listening;
    private String deployment;
    private long sweeper;
    private long publisher;

    public NutServer(NutConfig config, NutProtocol protocol, NutMetrics metrics, BusOut bus, Users users, Vertx vertx) {
        this.config = config;
        this.protocol = protocol;
        this.metrics = metrics;
        this.bus = bus;
        this.users = users;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (config.tls().certificate().isPresent() != config.tls().key().isPresent()) {
            throw new IllegalStateException("upsfleet.nut.tls.certificate and upsfleet.nut.tls.key go together");
        }
        boolean tls = config.tls().certificate().isPresent();
        if (config.requireTls() && !tls) {
            throw new IllegalStateException("upsfleet.nut.require-tls is set but no certificate (upsfleet.nut.tls.*) is configured");
        }
        if (users.isEmpty()) {
            LOG.warn("No NUT user has a password: nobody can LOGIN, run instant commands or set FSD over NUT "
                    + "(set upsfleet.nut.users.<name>.password, e.g. UPSFLEET_NUT_MONITOR_PASSWORD)");
        } else {
            LOG.infof("NUT users: %s", users.names());
        }
        NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port())
                .setTcpNoDelay(true).setReuseAddress(true);
        if (tls) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tls().certificate().get())
                    .setKeyPath(config.tls().key().get()));
            options.setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        }
        deployment = vertx.deployVerticle(() -> new Listener(options), new DeploymentOptions().setInstances(config.eventLoops()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        listening = true;
        LOG.infof("NUT server listening on %s:%d (%s, idle timeout %s, stale after %s)", config.host(), config.port(),
                tls ? "STARTTLS available" + (config.requireTls() ? " and required" : "") : "no TLS",
                config.idleTimeout(), config.staleAfter());
        long idleNanos = config.idleTimeout().toNanos();
        sweeper = vertx.setPeriodic(Math.max(100, Math.min(1000, config.idleTimeout().toMillis() / 4)), t -> {
            for (NutConnection c : connections.values()) {
                if (c.idleNanos() > idleNanos) {
                    c.close("idle");
                }
            }
        });
        publisher = vertx.setPeriodic(200, t -> bus.publishChangedClientLists());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        listening = false;
        vertx.cancelTimer(sweeper);
        vertx.cancelTimer(publisher);
        if (deployment != null) {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        bus.removeClientLists();
    }

    public boolean listening() {
        return listening;
    }

    public int connections() {
        return connections.size();
    }

    /** One NetServer on its own event loop. */
    private final class Listener extends AbstractVerticle {
        private final NetServerOptions options;
        private NetServer server;

        Listener(NetServerOptions options) {
            this.options = options;
        }

        @Override
        public void start(Promise<Void> started) {
            server = vertx.createNetServer(options).connectHandler(this::accept);
            server.listen().<Void>mapEmpty().onComplete(started);
        }

        private void accept(NetSocket socket) {
            long id = ids.incrementAndGet();
            String address = socket.remoteAddress().hostAddress();
            Session session = new Session(id, address, protocol.backend().access().anonymousRead(address));
            NutConnection connection = new NutConnection(socket, context, session, protocol, metrics, config.maxLineLength(),
                    () -> connections.remove(id));
            connections.put(id, connection);
            metrics.opened();
            connection.start();
        }

        @Override
        public void stop(Promise<Void> stopped) {
            server.close().onComplete(stopped);
        }
    }
}
