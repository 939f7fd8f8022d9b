package io.upsfleet.web.fleet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The fleet view, {@code upsfleet.fleet.*}. */
@ConfigMapping(prefix = "upsfleet.fleet")
public interface FleetConfig {

    /**
     * A UPS whose latest reading is older than this is shown stale: its values are not current, whatever
     * its communication state says (the same rule makes nut-server answer DATA-STALE).
     */
    @WithDefault("PT15S")
    Duration staleAfter();
}
