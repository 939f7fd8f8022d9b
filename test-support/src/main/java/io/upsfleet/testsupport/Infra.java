package io.upsfleet.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the tests' real PostgreSQL and MQTT broker are. Chosen once per JVM:
 * <ul>
 *   <li>{@code UPSFLEET_TEST_INFRA=containers}: Testcontainers (fails if Docker is missing);</li>
 *   <li>{@code UPSFLEET_TEST_INFRA=local}: the services at {@code UPSFLEET_DB_HOST/PORT/USER/PASSWORD}
 *       and {@code UPSFLEET_MQTT_HOST/PORT} (defaults 127.0.0.1:5432 postgres, 127.0.0.1:1883);</li>
 *   <li>unset ({@code auto}): Testcontainers when a Docker engine answers, the local services otherwise.</li>
 * </ul>
 * Every test module gets a database of its own, created fresh, so modules never see each other's rows.
 */
public final class Infra {

    private static Infra instance;

    public final String dbHost;
    public final int dbPort;
    public final String dbUser;
    public final String dbPassword;
    public final String mqttHost;
    public final int mqttPort;
    public final String mode;

    private Infra(String mode, String dbHost, int dbPort, String dbUser, String dbPassword, String mqttHost, int mqttPort) {
        this.mode = mode;
        this.dbHost = dbHost;
        this.dbPort = dbPort;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.mqttHost = mqttHost;
        this.mqttPort = mqttPort;
    }

    public static synchronized Infra get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static Infra start() {
        String wanted = env("UPSFLEET_TEST_INFRA", "auto").toLowerCase(Locale.ROOT);
        boolean containers = switch (wanted) {
            case "containers" -> true;
            case "local" -> false;
            case "auto" -> dockerAvailable();
            default -> throw new IllegalStateException("UPSFLEET_TEST_INFRA must be auto, local or containers, not " + wanted);
        };
        return containers ? startContainers() : local();
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers where no engine can exist costs time and a screen of warnings.
        boolean socket = java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
        boolean configured = System.getenv("DOCKER_HOST") != null || testcontainersHostConfigured();
        if (!socket && !configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private static boolean testcontainersHostConfigured() {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties");
        try {
            return java.nio.file.Files.exists(file) && java.nio.file.Files.readString(file).contains("docker.host");
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // containers live as long as the test JVM; Ryuk removes them
    private static Infra startContainers() {
        PostgreSQLContainer pg = new PostgreSQLContainer(DockerImageName.parse("postgres:15-alpine"))
                .withUsername("postgres").withPassword("postgres").withDatabaseName("postgres");
        pg.start();
        GenericContainer<?> mosquitto = new GenericContainer<>(DockerImageName.parse("eclipse-mosquitto:2.0"))
                .withCopyToContainer(MountableFile.forClasspathResource("mosquitto-test.conf"), "/mosquitto/config/mosquitto.conf")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort());
        mosquitto.start();
        return new Infra("containers", pg.getHost(), pg.getMappedPort(5432), "postgres", "postgres",
                mosquitto.getHost(), mosquitto.getMappedPort(1883));
    }

    private static Infra local() {
        Infra infra = new Infra("local",
                env("UPSFLEET_DB_HOST", "127.0.0.1"), Integer.parseInt(env("UPSFLEET_DB_PORT", "5432")),
                env("UPSFLEET_DB_USER", "postgres"), env("UPSFLEET_DB_PASSWORD", ""),
                env("UPSFLEET_MQTT_HOST", "127.0.0.1"), Integer.parseInt(env("UPSFLEET_MQTT_PORT", "1883")));
        requireListening("PostgreSQL", infra.dbHost, infra.dbPort);
        requireListening("MQTT broker", infra.mqttHost, infra.mqttPort);
        return infra;
    }

    private static void requireListening(String what, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
        } catch (IOException e) {
            throw new IllegalStateException(what + " is not reachable at " + host + ":" + port
                    + " and no Docker engine is available for Testcontainers. Start it (bash scripts/ensure-infra.sh)"
                    + " or point the tests elsewhere with UPSFLEET_DB_HOST/PORT or UPSFLEET_MQTT_HOST/PORT.", e);
        }
    }

    /**
     * The name a test database really has: {@code name} plus {@code UPSFLEET_TEST_DB_SUFFIX} (unset: none), so
     * that builds of several checkouts sharing one PostgreSQL never drop each other's databases.
     */
    public static String database(String name) {
        String suffix = env("UPSFLEET_TEST_DB_SUFFIX", "");
        if (!suffix.matches("[a-z0-9_]{0,20}")) {
            throw new IllegalArgumentException("UPSFLEET_TEST_DB_SUFFIX must be up to 20 of a-z 0-9 _, not " + suffix);
        }
        return name + suffix;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database(database);
    }

    /** Drops and recreates {@code database}: each test run starts from an empty schema. */
    public void recreateDatabase(String name) {
        String database = database(name);
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bad database name " + database);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/postgres", dbUser, dbPassword);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database + " on " + dbHost + ":" + dbPort, e);
        }
    }

    /**
     * The settings every service derives its connections from ({@code upsfleet.db.*}, {@code upsfleet.mqtt.*}),
     * pointing at {@code database} on this PostgreSQL and at this broker. A mutable map: callers add their own keys.
     */
    public Map<String, String> connectionProperties(String database) {
        Map<String, String> p = new HashMap<>(Map.of(
                "upsfleet.db.host", dbHost, "upsfleet.db.port", String.valueOf(dbPort),
                "upsfleet.db.name", database(database), "upsfleet.db.user", dbUser,
                "upsfleet.mqtt.host", mqttHost, "upsfleet.mqtt.port", String.valueOf(mqttPort)));
        if (!dbPassword.isEmpty()) {
            p.put("upsfleet.db.password", dbPassword);
        }
        return p;
    }

    public String mqttUri() {
        return "tcp://" + mqttHost + ":" + mqttPort;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
