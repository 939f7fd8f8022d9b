package io.upsfleet.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own JVM,
 * the way it runs in production, on a free HTTP port. Its output goes to {@code target/logs/<module>.log}
 * of the module running the test.
 */
public final class PackagedService implements AutoCloseable {

    public final String name;
    public final int port;
    public final Path log;
    private final Process process;
    private final Path repo;
    private final Map<String, String> properties;
    private final Map<String, String> env;

    private PackagedService(String name, int port, Path log, Process process, Path repo, Map<String, String> properties,
                            Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.repo = repo;
        this.properties = Map.copyOf(properties);
        this.env = Map.copyOf(env);
    }

    /**
     * The repository root: the system property {@code upsfleet.repo} (set by the test modules' surefire
     * configuration), else the parent of the working directory (Maven runs tests in the module's folder).
     */
    public static Path repo() {
        return Path.of(System.getProperty("upsfleet.repo", "..")).toAbsolutePath().normalize();
    }

    /** Starts {@code module}'s packaged jar with {@code -D} properties and extra environment variables. */
    public static PackagedService start(Path repo, String module, Map<String, String> properties, Map<String, String> env)
            throws IOException {
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B package -DskipTests -pl " + module
                    + " -am) or run the tests through the Maven reactor, which packages " + module + " before them");
        }
        int port = freePort();
        Path logDir = Path.of("target", "logs").toAbsolutePath();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(module + ".log");
        for (int run = 2; Files.exists(log); run++) {  // a restarted service keeps the log of its first run
            log = logDir.resolve(module + "-" + run + ".log");
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new PackagedService(module, port, log, pb.start(), repo, properties, env);
    }

    /** Starts the module again with the same settings (a new log file), after {@link #kill()} or {@link #close()}. */
    public PackagedService restart() throws IOException {
        return start(repo, name, properties, env);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early with the log's tail if the process exits. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ", see " + log + ":\n" + tail());
    }

    /** The last 30 lines of the log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, like a crash or an OOM kill: no shutdown hooks, no clean MQTT disconnect. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    /** SIGTERM (a clean shutdown), SIGKILL if it has not ended within 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A TCP port free right now on this machine. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
