package io.upsfleet.gateway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private ser2net (Debian's, 4.x) for tests: a YAML config of our own on free ports, run in the
 * foreground ({@code -n}) and stopped by the test. Needs {@code ser2net} (scripts/ensure-infra.sh).
 */
final class Ser2net implements AutoCloseable {

    /** How one port is offered: raw TCP, Telnet with RFC 2217, or Telnet without it. */
    enum Mode {
        RAW("tcp"), RFC2217("telnet(rfc2217),tcp"), TELNET("telnet,tcp");

        final String accepter;

        Mode(String accepter) {
            this.accepter = accepter;
        }
    }

    private final List<String> connections = new ArrayList<>();
    private Process process;
    private Path dir;

    /** Offers {@code device} (a pty) on a free port in {@code mode}; returns the port. Call before {@link #start()}. */
    int serve(Path device, Mode mode) throws IOException {
        int port = freePort();
        connections.add("connection: &c" + connections.size() + "\n"
                + "  accepter: " + mode.accepter + ",127.0.0.1," + port + "\n"
                + "  connector: serialdev," + device.toAbsolutePath() + ",2400n81,local\n"
                + "  options:\n"
                + "    kickolduser: true\n");
        return port;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/ser2net")) || Files.isExecutable(Path.of("/usr/bin/ser2net"));
    }

    Ser2net start() throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException("ser2net is required for the RFC 2217 tests: run scripts/ensure-infra.sh");
        }
        dir = Files.createTempDirectory("upsfleet-ser2net");
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, String.join("\n", connections));
        String bin = Files.isExecutable(Path.of("/usr/sbin/ser2net")) ? "/usr/sbin/ser2net" : "/usr/bin/ser2net";
        process = new ProcessBuilder(bin, "-n", "-c", config.toString(), "-P", dir.resolve("ser2net.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ser2net.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String c : connections) {
            int port = Integer.parseInt(c.replaceAll("(?s).*127\\.0\\.0\\.1,(\\d+)\\n.*", "$1"));
            while (!listening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("ser2net did not listen on " + port + ": "
                            + Files.readString(dir.resolve("ser2net.log")));
                }
                Thread.sleep(50);
            }
        }
        return this;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
