package io.upsfleet.system;

import io.upsfleet.testsupport.PackagedService;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's own NUT server (package nut-server: /lib/nut/upsd) with one dummy-ups driver per unit, each unit's
 * variables from a .dev file, as private processes: own configuration and state directory, a free port,
 * nothing of the machine's /etc/nut read. upsd runs in a mount namespace with an empty /run, because Debian's
 * 2.8.0 looks for a running instance in /run/nut whatever NUT_ALTPIDPATH says (the tests run as root).
 */
final class PrivateUpsd implements AutoCloseable {

    final int port;
    private final Path dir;
    private final Process upsd;

    private PrivateUpsd(int port, Path dir, Process upsd) {
        this.port = port;
        this.dir = dir;
        this.upsd = upsd;
    }

    /**
     * @param units UPS name → its .dev file content ({@code variable: value} lines)
     * @param user  a user with every instant command ({@code password} for it)
     */
    static PrivateUpsd start(Map<String, String> units, String user, String password) throws IOException, InterruptedException {
        for (String binary : new String[] {"/lib/nut/upsd", "/lib/nut/dummy-ups"}) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: install Debian's nut-server (bash scripts/ensure-infra.sh does)");
            }
        }
        Path dir = Files.createTempDirectory("upsd");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = PackagedService.freePort();
        StringBuilder upsConf = new StringBuilder();
        for (Map.Entry<String, String> unit : units.entrySet()) {
            Files.writeString(dir.resolve(unit.getKey() + ".dev"), unit.getValue());
            upsConf.append('[').append(unit.getKey()).append("]\n  driver = dummy-ups\n  port = ").append(unit.getKey()).append(".dev\n");
        }
        Files.writeString(dir.resolve("ups.conf"), upsConf);
        Files.writeString(dir.resolve("upsd.conf"), "LISTEN 127.0.0.1 " + port + "\n");
        Files.writeString(dir.resolve("upsd.users"), "[" + user + "]\n  password = " + password + "\n  instcmds = ALL\n  actions = SET\n");
        for (String f : new String[] {"ups.conf", "upsd.conf", "upsd.users"}) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
        for (String name : units.keySet()) {
            Process driver = builder(dir, "/lib/nut/dummy-ups", "-a", name, "-u", "root", "-B")
                    .redirectOutput(dir.resolve("driver-" + name + ".log").toFile()).start();
            if (!driver.waitFor(20, TimeUnit.SECONDS) || driver.exitValue() != 0) {
                throw new IllegalStateException("dummy-ups " + name + " did not start: " + Files.readString(dir.resolve("driver-" + name + ".log")));
            }
        }
        Process upsd = builder(dir, "unshare", "-m", "sh", "-c",
                "mount -t tmpfs upsd-run /run && mkdir -p /run/nut && exec /lib/nut/upsd -u root -F")
                .redirectOutput(dir.resolve("upsd.log").toFile()).start();
        PrivateUpsd server = new PrivateUpsd(port, dir, upsd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                if (!upsd.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        server.close();
        throw new IllegalStateException("upsd did not start: " + Files.readString(dir.resolve("upsd.log")));
    }

    private static ProcessBuilder builder(Path dir, String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NUT_CONFPATH", dir.toString());
        pb.environment().put("NUT_STATEPATH", dir.toString());
        pb.environment().put("NUT_ALTPIDPATH", dir.toString());
        return pb;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("upsd.log"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        upsd.destroy();
        if (!upsd.waitFor(10, TimeUnit.SECONDS)) {
            upsd.destroyForcibly();
        }
        try (var pids = Files.newDirectoryStream(dir, "dummy-ups-*.pid")) {
            for (Path pid : pids) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroy);
            }
        }
        Thread.sleep(500); // the drivers remove their sockets and PID files
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
