package io.upsfleet.system;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A wire tap in front of one simulated UPS: forwards the gateway's connection to the simulator unchanged and
 * records every CR-terminated request with the time it passed, just before it is written to the simulator. It
 * tells a test exactly which Megatec bytes reached the UPS, and when.
 */
final class MegatecTap implements Closeable {

    /** One request as it went to the UPS (without its CR). */
    record Request(Instant at, String line) {
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    MegatecTap(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "megatec-tap-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The first request that is not a poll or an identity query (Q1, I, F): a command. */
    Optional<Request> firstCommand() {
        return requests.stream().filter(r -> !Set.of("Q1", "I", "F").contains(r.line())).findFirst();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 3000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                start(() -> recordAndForward(client, upstream));
                start(() -> forward(upstream, client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void recordAndForward(Socket from, Socket to) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = new java.io.BufferedInputStream(from.getInputStream());
             OutputStream out = new java.io.BufferedOutputStream(to.getOutputStream())) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\r') {
                    requests.add(new Request(Instant.now(), line.toString(StandardCharsets.US_ASCII)));
                    line.reset();
                } else {
                    line.write(b);
                }
                out.write(b);
                if (b == '\r') {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void forward(Socket from, Socket to) {
        byte[] buffer = new byte[4096];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "megatec-tap-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(MegatecTap::closeQuietly);
    }
}
