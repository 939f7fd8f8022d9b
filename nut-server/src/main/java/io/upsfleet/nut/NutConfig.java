package io.upsfleet.nut;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code upsfleet.nut}; see application.properties and README.md. */
@ConfigMapping(prefix = "upsfleet.nut")
public interface NutConfig {

    /** TCP port of the NUT protocol (IANA: 3493). */
    @WithDefault("3493")
    int port();

    /** Address to listen on. */
    @WithDefault("0.0.0.0")
    String host();

    /** Event loops serving NUT connections (each runs its own listener on the port). */
    @WithDefault("2")
    int eventLoops();

    /** A client that sends no complete request for this long is disconnected (upsd: 60 s). */
    @WithDefault("PT60S")
    Duration idleTimeout();

    /** A unit whose last reading is older (or whose comm is LOST) answers ERR DATA-STALE (upsd's MAXAGE: 15 s). */
    @WithDefault("PT15S")
    Duration staleAfter();

    /** Longest request line kept; a longer one is answered ERR TOO-LONG and skipped up to its newline. */
    @WithDefault("512")
    int maxLineLength();

    /** Networks (CIDR) whose clients may GET/LIST without logging in; "none" for nobody. */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> anonymousReadNetworks();

    /** Failed authentications after which a connection is closed. */
    @WithDefault("10")
    int maxAuthFailures();

    /** Refuse USERNAME/PASSWORD until the client has done STARTTLS. */
    @WithDefault("false")
    boolean requireTls();

    Tls tls();

    Shutdown shutdown();

    /** Timestamps accepted from the bus (issue: one wrong clock must not freeze a UPS's state). */
    Time time();

    interface Time {
        /** A message stamped further ahead of this clock is refused: it would hide every real one after it. */
        @WithDefault("PT2M")
        Duration maxFuture();

        /** A reading, alarm edge or command result stamped further behind is refused; retained states are not bounded. */
        @WithDefault("P30D")
        Duration maxPast();
    }

    /** NUT users, as upsd.users: {@code upsfleet.nut.users.<name>.*}. */
    Map<String, User> users();

    /** This replica's id on the bus (its nut-clients topics); stable per replica, unique between replicas. */
    @WithDefault("nut-1")
    String serverId();

    /** How long a publish (command, client list) may wait for the broker. */
    @WithDefault("PT5S")
    Duration publishTimeout();

    interface Tls {
        /** PEM certificate chain; with {@link #key()} it enables STARTTLS (TLS 1.2 and 1.3). */
        Optional<String> certificate();

        /** PEM private key (PKCS#8 or PKCS#1). */
        Optional<String> key();
    }

    interface Shutdown {
        /** Delay of shutdown.return, shutdown.stayoff and load.off.delay sent without a value (NUT's ups.delay.shutdown). */
        @WithDefault("PT30S")
        Duration delay();

        /** Restore delay of shutdown.return (R&lt;m&gt;, whole minutes; NUT's ups.delay.start). */
        @WithDefault("PT3M")
        Duration restore();
    }

    interface User {
        /** From the environment or a secret; a user without one does not exist. */
        Optional<String> password();

        /** Instant commands allowed: names, or ALL. */
        Optional<List<String>> instcmds();

        /** SET and/or FSD. */
        Optional<List<String>> actions();

        /** primary or secondary. */
        Optional<String> upsmon();
    }
}
