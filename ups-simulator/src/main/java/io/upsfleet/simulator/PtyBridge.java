package io.upsfleet.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Exposes simulated units as pseudo-terminals, so the gateway's serial transport can be tested without
 * hardware: socat links {@code <dir>/<id>} to a pty whose other end is the unit's TCP port.
 */
public final class PtyBridge implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    public static boolean socatAvailable() {
        try {
            Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates {@code link} as a pty bridged to {@code host:port}; waits until the link exists. */
    public Path open(Path link, String host, int port) throws IOException {
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Process p = new ProcessBuilder("socat",
                "pty,link=" + link.toAbsolutePath() + ",raw,echo=0,b2400",
                "tcp:" + host + ":" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(link)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("socat did not create " + link);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return link;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        processes.clear();
    }
}
