package io.upsfleet.gateway.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder in front of the real broker, to cut the gateway off it and bring it back, as a broker
 * outage looks to the gateway. Controlled over HTTP ({@code POST /cut}, {@code POST /restore}) so tests in
 * another class loader can drive it.
 */
final class TcpProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final String targetHost;
    private final int targetPort;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private NetServer server;
    private HttpServer control;
    private NetClient client;

    TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    int start() {
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(in -> {
            if (cut) {
                in.close();
                return;
            }
            in.pause();
            client.connect(targetPort, targetHost).onSuccess(out -> {
                open.add(in);
                open.add(out);
                in.handler(out::write);
                out.handler(in::write);
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.resume();
            }).onFailure(e -> in.close());
        });
        return await(server.listen(0, "127.0.0.1")).actualPort();
    }

    int startControl() {
        control = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/cut" -> {
                    cut = true;
                    open.forEach(NetSocket::close);
                    open.clear();
                }
                case "/restore" -> cut = false;
                default -> {
                    req.response().setStatusCode(404).end();
                    return;
                }
            }
            req.response().end("ok");
        });
        return await(control.listen(0, "127.0.0.1")).actualPort();
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
