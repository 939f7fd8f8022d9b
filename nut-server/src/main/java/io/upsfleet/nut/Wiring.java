package io.upsfleet.nut;

import io.micrometer.core.instrument.MeterRegistry;
import io.upsfleet.nut.bus.BusOut;
import io.upsfleet.nut.fleet.Fleet;
import io.upsfleet.nut.fleet.Logins;
import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.protocol.Access;
import io.upsfleet.nut.protocol.InstantCommands;
import io.upsfleet.nut.protocol.NutBackend;
import io.upsfleet.nut.protocol.NutProtocol;
import io.upsfleet.nut.protocol.Tracking;
import io.upsfleet.nut.protocol.Users;
import io.upsfleet.nut.server.Networks;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the plain-Java core (fleet, logins, users, protocol) from the configuration, once. */
@Singleton
public class Wiring {

    /** upsd keeps tracking entries for an hour. */
    private static final Duration TRACKING_KEEP = Duration.ofHours(1);
    private static final int TRACKING_CAPACITY = 10_000;

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Fleet fleet() {
        return new Fleet();
    }

    @Produces
    @Singleton
    Logins logins() {
        return new Logins();
    }

    @Produces
    @Singleton
    Tracking tracking() {
        return new Tracking(TRACKING_CAPACITY, TRACKING_KEEP);
    }

    @Produces
    @Singleton
    NutMetrics metrics(MeterRegistry registry, Fleet fleet, Logins logins) {
        NutMetrics metrics = new NutMetrics(registry);
        metrics.gauges(fleet::size, logins::total);
        return metrics;
    }

    @Produces
    @Singleton
    Users users(NutConfig config) {
        Map<String, Users.Spec> specs = new LinkedHashMap<>();
        config.users().forEach((name, u) -> specs.put(name, new Users.Spec(u.password().orElse(null),
                u.instcmds().orElse(null), u.actions().orElse(null), u.upsmon().orElse(null))));
        return Users.of(specs);
    }

    @Produces
    @Singleton
    NutProtocol protocol(NutConfig config, Fleet fleet, Logins logins, Users users, Tracking tracking, BusOut bus, Clock clock,
                         @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        Access access = new Access(users, Networks.parse(config.anonymousReadNetworks()), config.requireTls(), config.maxAuthFailures());
        InstantCommands.Defaults defaults = new InstantCommands.Defaults(Math.toIntExact(config.shutdown().delay().toSeconds()),
                Math.toIntExact(config.shutdown().restore().toMinutes()));
        boolean tls = config.tls().certificate().isPresent() && config.tls().key().isPresent();
        return new NutProtocol(new NutBackend(fleet, logins, access, tracking, bus,
                new NutBackend.Settings(config.staleAfter(), defaults, tls, version), clock));
    }
}
