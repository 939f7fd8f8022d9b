package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.nut.fleet.Fleet;
import io.upsfleet.nut.fleet.Logins;
import io.upsfleet.nut.fleet.UnitState;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What the protocol answers from and acts on. Everything here is plain Java: the bus and the sockets are
 * outside, behind {@link CommandSink} and the caller of {@link NutProtocol}.
 *
 * @param fleet    the fleet as the bus describes it
 * @param logins   who did LOGIN where
 * @param access   users and the anonymous-read rule
 * @param tracking INSTCMD tracking
 * @param sink     where command requests go (the bus)
 * @param settings the rest of the configuration
 * @param clock    now
 */
public record NutBackend(Fleet fleet, Logins logins, Access access, Tracking tracking, CommandSink sink,
                         Settings settings, Clock clock) {

    /** Publishes a command request; completes once the broker has it. */
    @FunctionalInterface
    public interface CommandSink {
        CompletionStage<Void> publish(CommandRequest request);
    }

    /**
     * @param staleAfter  a unit whose last reading is older is DATA-STALE
     * @param defaults    delays of shutdown commands given without a value
     * @param tlsEnabled  a certificate is configured (STARTTLS works)
     * @param version     this server's version (VER, driver.version)
     */
    public record Settings(Duration staleAfter, InstantCommands.Defaults defaults, boolean tlsEnabled, String version) {
    }

    /** upsd's ups_available(): null when the unit's data may be served, else the error code. */
    String unavailable(UnitState unit) {
        return unit.stale(clock.instant(), settings.staleAfter()) ? "DATA-STALE" : null;
    }
}
