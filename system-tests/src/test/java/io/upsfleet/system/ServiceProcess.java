package io.upsfleet.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.upsfleet.testsupport.Infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service run as its own JVM, the way it runs in production. */
final class ServiceProcess implements AutoCloseable {

    final String name;
    final int port;
    final Path log;
    private final Process process;
    private final Path repo;
    private final Map<String, String> properties;
    private final Map<String, String> env;

    private ServiceProcess(String name, int port, Path log, Process process, Path repo, Map<String, String> properties,
                           Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.repo = repo;
        this.properties = Map.copyOf(properties);
        this.env = Map.copyOf(env);
    }

    static ServiceProcess start(Path repo, String module, Map<String, String> properties, Map<String, String> env) throws IOException {
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven from the repository root (mvn verify)");
        }
        int port = freePort();
        Path logDir = repo.resolve("system-tests/target/logs");
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
        return new ServiceProcess(module, port, log, pb.start(), repo, properties, env);
    }

    /** How a service reaches the test database and broker (a mutable map: callers add their own keys). */
    static Map<String, String> connectionProperties(Infra infra, String database) {
        Map<String, String> p = new HashMap<>(Map.of(
                "upsfleet.db.host", infra.dbHost, "upsfleet.db.port", String.valueOf(infra.dbPort),
                "upsfleet.db.name", database, "upsfleet.db.user", infra.dbUser,
                "upsfleet.mqtt.host", infra.mqttHost, "upsfleet.mqtt.port", String.valueOf(infra.mqttPort)));
        if (!infra.dbPassword.isEmpty()) {
            p.put("upsfleet.db.password", infra.dbPassword);
        }
        return p;
    }

    /** Starts the module again with the same settings (a new log file), after {@link #kill()} or {@link #close()}. */
    ServiceProcess restart() throws IOException {
        return start(repo, name, properties, env);
    }

    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
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

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, like a crash or an OOM kill: no shutdown hooks, no clean MQTT disconnect. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
