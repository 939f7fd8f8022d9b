package io.upsfleet.gateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Private ser2net processes (Debian's, 4.x) for tests: one per served device, each with a YAML config of
 * its own that lets it bind any free port ({@code 127.0.0.1,0}); the port is then read from /proc (the
 * listening socket of that very process). Picking a "free" port first and handing it to ser2net raced with
 * other builds on this machine running the same tests: ser2net does not report a port it could not bind,
 * so a test talked to another build's ser2net. Needs {@code ser2net} (scripts/ensure-infra.sh) and Linux.
 */
final class Ser2net implements AutoCloseable {

    /** How a port is offered: raw TCP, Telnet with RFC 2217, or Telnet without it. */
    enum Mode {
        RAW("tcp"), RFC2217("telnet(rfc2217),tcp"), TELNET("telnet,tcp");

        final String accepter;

        Mode(String accepter) {
            this.accepter = accepter;
        }
    }

    private final List<Process> processes = new ArrayList<>();

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/ser2net")) || Files.isExecutable(Path.of("/usr/bin/ser2net"));
    }

    /** Offers {@code device} (a pty) in {@code mode} on a port of its own; returns the port once it listens. */
    int serve(Path device, Mode mode) throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException("ser2net is required for the RFC 2217 tests: run scripts/ensure-infra.sh");
        }
        Path dir = Files.createTempDirectory("upsfleet-ser2net");
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, "connection: &c0\n"
                + "  accepter: " + mode.accepter + ",127.0.0.1,0\n"
                + "  connector: serialdev," + device.toAbsolutePath() + ",2400n81,local\n"
                + "  options:\n"
                + "    kickolduser: true\n");
        String bin = Files.isExecutable(Path.of("/usr/sbin/ser2net")) ? "/usr/sbin/ser2net" : "/usr/bin/ser2net";
        Process p = new ProcessBuilder(bin, "-n", "-c", config.toString(), "-P", dir.resolve("ser2net.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ser2net.log").toFile()).start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            int port = listeningPort(p.pid());
            if (port > 0) {
                return port;
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("ser2net did not listen: " + Files.readString(dir.resolve("ser2net.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Kept for the callers' shape: every port listens once {@link #serve} returned. */
    Ser2net start() {
        return this;
    }

    /** The port of the TCP socket process {@code pid} listens on, or 0 while there is none. */
    private static int listeningPort(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Path fds = Path.of("/proc/" + pid + "/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (var list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st ... inode (field 9); st 0A = LISTEN
            if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            }
        }
        return 0;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly(); // it does not always stop on SIGTERM
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
