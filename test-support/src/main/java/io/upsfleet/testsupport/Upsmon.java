package io.upsfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real upsmon (package nut-client), run in the foreground as a secondary with a private configuration
 * directory ({@code NUT_CONFPATH}), so nothing of the machine's /etc/nut is read or changed. Its SHUTDOWNCMD
 * only writes the time it ran (epoch nanoseconds) to a file. Shared by nut-server's tests and system-tests.
 * How Debian's NUT 2.8.0 binary behaves here, and what is done about it:
 * <ul>
 *   <li>/sbin/upsmon is a wrapper that refuses to run unless the system's nut.conf sets MODE: the program
 *       itself, /lib/nut/upsmon, is run;</li>
 *   <li>as root it splits into a privileged parent and a child that drops to RUN_AS_USER; stopping the one
 *       process started left the other running, so it runs as one process ({@code -p});</li>
 *   <li>it keeps its PID file in /run/nut whatever NUT_ALTPIDPATH says, and refuses to start while the process
 *       named there lives (a system upsmon, or an unrelated process that got the PID): it runs in a mount
 *       namespace of its own with an empty /run ({@code unshare -m}, the tests run as root), so neither the
 *       machine's upsmon nor another test run is touched.</li>
 * </ul>
 */
public final class Upsmon implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private Upsmon(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** A secondary of {@code ups} on 127.0.0.1:{@code port}, polling every second, HOSTSYNC 5 s. */
    public static Upsmon secondary(String ups, int port, String user, String password) {
        return secondary(ups, port, user, password, 5);
    }

    /**
     * @param hostsyncSeconds how long upsmon waits, once the UPS is OB LB, for the primary's FSD before it shuts
     *                        down by itself: a test that must see FSD (not OB LB) do it sets this long
     */
    public static Upsmon secondary(String ups, int port, String user, String password, int hostsyncSeconds) {
        try {
            Path dir = Files.createTempDirectory("upsmon");
            Path conf = dir.resolve("upsmon.conf");
            Files.writeString(conf, String.join("\n",
                    "MONITOR " + ups + "@127.0.0.1:" + port + " 1 " + user + " " + password + " secondary",
                    "MINSUPPLIES 1",
                    "SHUTDOWNCMD \"/bin/sh -c 'date +%s%N > " + dir.resolve("shutdown.tmp") + " && mv "
                            + dir.resolve("shutdown.tmp") + " " + dir.resolve("shutdown.fired") + "'\"",
                    "POLLFREQ 1",
                    "POLLFREQALERT 1",
                    "HOSTSYNC " + hostsyncSeconds,
                    "DEADTIME 10",
                    "FINALDELAY 0",
                    "POWERDOWNFLAG " + dir.resolve("killpower"),
                    "RUN_AS_USER root", ""));
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
            // unshare and sh exec in place: the process started is upsmon itself
            ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "sh", "-c",
                    "mount -t tmpfs upsmon-run /run && mkdir -p /run/nut && exec \"$0\" -D -F -p", binary())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("upsmon.log").toFile());
            pb.environment().put("NUT_CONFPATH", dir.toString());
            pb.environment().put("NUT_STATEPATH", dir.toString());
            return new Upsmon(dir, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String candidate : new String[] {"/lib/nut/upsmon", "/usr/lib/nut/upsmon", "/sbin/upsmon"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("upsmon is missing: install Debian's nut-client (bash scripts/ensure-infra.sh does)");
    }

    /** Its SHUTDOWNCMD ran. */
    public boolean shutdownFired() {
        return Files.exists(dir.resolve("shutdown.fired"));
    }

    /** When its SHUTDOWNCMD ran (the time the command itself wrote), if it did. */
    public Optional<Instant> shutdownFiredAt() {
        try {
            if (!shutdownFired()) {
                return Optional.empty();
            }
            long nanos = Long.parseLong(Files.readString(dir.resolve("shutdown.fired")).trim());
            return Optional.of(Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable shutdown.fired: " + e.getMessage(), e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGSTOP: a host that has not polled its UPS yet (upsmon polls every POLLFREQALERT seconds). */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("upsmon.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT"); // a paused upsmon does not act on SIGTERM
            } catch (RuntimeException exitedMeanwhile) {
                // nothing to resume
            }
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
