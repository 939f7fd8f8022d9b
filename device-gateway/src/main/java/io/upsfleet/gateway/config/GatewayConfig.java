package io.upsfleet.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the gateway is told, under {@code upsfleet.gateway}. UPS units come from
 * {@code upsfleet.gateway.ups."<id>".uri=...} entries and/or a fleet file; see the module README.
 */
@ConfigMapping(prefix = "upsfleet.gateway")
public interface GatewayConfig {

    /** Identifies this gateway in topics and payloads; must be unique among gateways. */
    @WithDefault("gw-1")
    String id();

    /** Optional CSV file with one {@code id,uri[,key=value;...]} line per UPS. */
    Optional<String> fleetFile();

    /** Defaults for every UPS; each can be overridden per UPS. */
    Defaults defaults();

    /** UPS units listed in configuration, by id. */
    Map<String, Ups> ups();

    Command command();

    Mqtt mqtt();

    Journal journal();

    /** The durable outbox in front of the MQTT client (see {@code journal.Journal} and the module README). */
    interface Journal {
        /** Off: messages wait in memory while the broker is away, as with {@code mqtt.persistence=memory}. */
        @WithDefault("true")
        boolean enabled();

        /** Directory of the journal (a subdirectory per gateway id); on a volume that survives restarts. */
        @WithDefault("data/gateway-journal")
        String dir();

        /** Largest size on disk; beyond it the oldest readings are dropped (never alarms or command results). */
        @WithDefault("2G")
        io.quarkus.runtime.configuration.MemorySize maxSize();

        /** A segment file is closed at this size (at most max-size / 8) and deleted once all of it is acknowledged. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize segmentSize();

        /** Group commit: at most this long between a message and the fsync that makes it durable. */
        @WithDefault("PT0.02S")
        Duration commitInterval();

        /** Group commit: a batch is written at once when it holds this many messages. */
        @WithDefault("2000")
        int commitRecords();
    }

    Diagnostics diagnostics();

    /**
     * Firmware quirks the operator confirmed, per UPS id: {@code no-info}, {@code ignore-shutdown-bit}
     * (comma-separated). The gateway acts on these only; the ones it detects are merely proposed.
     */
    Map<String, String> quirks();

    /** Per-link diagnostics (retained on upsfleet/v1/ups/{id}/link, and metrics). */
    interface Diagnostics {
        /** How often each UPS's link figures are published (also at once, spaced 5 s, on a new kind of error). */
        @WithDefault("PT30S")
        Duration interval();

        /** Per-UPS link meters (4 series per UPS); per-host meters are always there. Off for very large fleets. */
        @WithDefault("true")
        boolean perUpsMetrics();
    }

    interface Defaults {
        @WithDefault("PT2S")
        Duration pollInterval();

        @WithDefault("PT1S")
        Duration timeout();

        /** Consecutive failed polls before the UPS is declared comm-lost. */
        @WithDefault("3")
        int commLostAfter();

        @WithDefault("PT1S")
        Duration reconnectMin();

        @WithDefault("PT60S")
        Duration reconnectMax();

        /** Load (%) above which OVERLOAD is raised. */
        @WithDefault("100")
        int overloadPercent();

        Battery battery();
    }

    interface Battery {
        @WithDefault("12")
        int cells();

        @WithDefault("1.75")
        double cellEmpty();

        @WithDefault("2.25")
        double cellFull();

        /** Runtime of a full battery at 100 % load. */
        @WithDefault("PT10M")
        Duration runtimeFullLoad();

        /** A battery test that takes a cell below this raises REPLACE_BATTERY. */
        @WithDefault("1.90")
        double replaceCellVoltage();

        /**
         * On battery with less estimated runtime than this raises RUNTIME_LOW (which alert-service's
         * protective shutdown also acts on). Absent: off.
         */
        Optional<Duration> runtimeLow();
    }

    interface Ups {
        String uri();

        Optional<Duration> pollInterval();

        Optional<Duration> timeout();

        Optional<Integer> cells();

        Optional<Double> cellEmpty();

        Optional<Double> cellFull();

        Optional<Duration> runtimeFullLoad();

        Optional<Duration> runtimeLow();
    }

    interface Command {
        /** How long to listen after a command for an echo (= unsupported). */
        @WithDefault("PT0.5S")
        Duration echoWindow();

        /** How long the status flags may take to show a command's effect. */
        @WithDefault("PT15S")
        Duration confirmTimeout();

        /**
         * Commands that may wait for one UPS's line; more are refused at once ("busy"). Identical waiting
         * commands count once (they are coalesced).
         */
        @WithDefault("8")
        int queueLimit();

        /**
         * A command requested longer ago than this is refused, not executed: a shutdown that waited at the
         * broker while the gateway was away may no longer be wanted.
         */
        @WithDefault("PT2M")
        Duration maxAge();

        /** A command stamped further in the future than this is refused (the sender's clock is wrong). */
        @WithDefault("PT2M")
        Duration maxAhead();
    }

    interface Mqtt {
        @WithName("client-id")
        Optional<String> clientId();

        /**
         * {@code memory} (default): in-flight and buffered messages in memory, lost if the gateway dies
         * during a broker outage. {@code file}: in-flight messages on disk (Paho writes and syncs one file per
         * message: about 200 messages/s here, only for small fleets).
         */
        @WithDefault("memory")
        String persistence();

        @WithDefault("data/mqtt")
        String persistenceDir();

        /** Messages kept while the broker is unreachable (Paho's offline buffer). */
        @WithDefault("100000")
        int offlineBuffer();

        /** Messages queued inside the gateway before Paho takes them. */
        @WithDefault("100000")
        int queueCapacity();

        @WithDefault("1000")
        int maxInflight();

        /**
         * At start, how long to wait for the retained status of this gateway's units (the last state it
         * published before it stopped), from which the open alarms are restored. Zero skips it.
         */
        @WithDefault("PT3S")
        Duration restoreTimeout();
    }
}
