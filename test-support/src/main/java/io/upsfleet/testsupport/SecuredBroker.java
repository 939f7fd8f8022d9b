package io.upsfleet.testsupport;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto run with the broker configuration we ship ({@code deploy/mosquitto/mosquitto.conf} and
 * {@code acl}), its certificates made by {@code scripts/make-certs.sh} and its passwords by
 * {@code scripts/make-mqtt-passwords.sh}, as an operator would. Only what must differ on a test machine is
 * rewritten: the {@code /mosquitto/...} paths (to a temporary directory), the two listener ports (free ports;
 * the plain one stays on loopback, the TLS one on all addresses) and persistence (off).
 */
public final class SecuredBroker implements AutoCloseable {

    public static final List<String> ROLES = List.of("gateway", "web-api", "alert-service", "mib-service", "nut-server", "monitor");

    public final Path dir;
    public final int plainPort;
    public final int tlsPort;
    private final Process process;

    private SecuredBroker(Path dir, int plainPort, int tlsPort, Process process) {
        this.dir = dir;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /** Starts the shipped configuration; {@code edit} may change its text (e.g. to show a test fails without a line). */
    public static SecuredBroker start(java.util.function.UnaryOperator<String> edit) throws IOException, InterruptedException {
        Path repo = PackagedService.repo();
        Path dir = Files.createTempDirectory("upsfleet-broker-");
        // The broker drops root for its own user, which must reach the files inside.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(dir, "bash", repo.resolve("scripts/make-certs.sh").toString(), dir.resolve("certs").toString());
        run(dir, "bash", repo.resolve("scripts/make-mqtt-passwords.sh").toString(), dir.resolve("secrets").toString());
        Files.createDirectories(dir.resolve("config"));
        Files.copy(repo.resolve("deploy/mosquitto/acl"), dir.resolve("config/acl"));
        String shipped = Files.readString(repo.resolve("deploy/mosquitto/mosquitto.conf"));
        String mosquitto = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
        // A free port can be taken by someone else before the broker binds it: then again with others.
        for (int attempt = 1; ; attempt++) {
            int plain = PackagedService.freePort();
            int tls = PackagedService.freePort();
            if (tls == plain) {
                continue;
            }
            String conf = rewrite(shipped, "/mosquitto/", dir + "/");
            conf = rewrite(conf, "\nlistener 1883 127.0.0.1\n", "\nlistener " + plain + " 127.0.0.1\n");
            conf = rewrite(conf, "\nlistener 8883\n", "\nlistener " + tls + "\n");
            conf = rewrite(conf, "\npersistence true\n", "\npersistence false\n");
            conf = edit.apply(conf);
            Files.writeString(dir.resolve("config/mosquitto.conf"), conf);
            Process p = new ProcessBuilder(mosquitto, "-c", dir.resolve("config/mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            SecuredBroker broker = new SecuredBroker(dir, plain, tls, p);
            try {
                broker.awaitListening();
                return broker;
            } catch (IllegalStateException e) {
                broker.close();
                if (attempt >= 5 || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    public static SecuredBroker start() throws IOException, InterruptedException {
        return start(conf -> conf);
    }

    private static String rewrite(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("the shipped mosquitto.conf has no '" + from.strip() + "' any more: update SecuredBroker");
        }
        return text.replace(from, to);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("setup.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("setup.log")));
        }
    }

    private void awaitListening() throws InterruptedException, IOException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mosquitto exited: " + log());
            }
            if (listening(plainPort) && listening(tlsPort)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Mosquitto not listening after 10 s: " + log());
    }

    private static boolean listening(int port) {
        try (Socket s = SocketFactory.getDefault().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    public String password(String role) {
        try {
            return Files.readString(dir.resolve("secrets/" + role + ".password")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path caFile() {
        return dir.resolve("certs/ca.crt");
    }

    /**
     * The {@code upsfleet.mqtt.*} settings of a service logging in as {@code role} over TLS (host name
     * {@code localhost}, which the broker certificate carries).
     */
    public Map<String, String> serviceProperties(String role) {
        Map<String, String> p = new HashMap<>();
        p.put("upsfleet.mqtt.host", "localhost");
        p.put("upsfleet.mqtt.port", String.valueOf(tlsPort));
        p.put("upsfleet.mqtt.tls", "true");
        p.put("upsfleet.mqtt.ca-file", caFile().toString());
        p.put("upsfleet.mqtt.username", role);
        p.put("upsfleet.mqtt.password", password(role));
        return p;
    }

    /** A connected Paho client on the plain loopback port ({@code user} null: anonymous). */
    public MqttClient connect(String user, String password) throws MqttException {
        MqttClient client = client("tcp://127.0.0.1:" + plainPort);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    /** Connected as {@code role} with its password. */
    public MqttClient connect(String role) throws MqttException {
        return connect(role, password(role));
    }

    /** A Paho client whose {@code close()} disconnects first, so try-with-resources works on a connected one. */
    public static MqttClient client(String uri) throws MqttException {
        return new MqttClient(uri, "test-" + UUID.randomUUID(), new MemoryPersistence()) {
            @Override
            public void close() throws MqttException {
                if (isConnected()) {
                    disconnect(2000);
                }
                super.close();
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Stops the broker and removes its directory (passwords, CA key). */
    public void closeAndDelete() throws InterruptedException {
        close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }
}
