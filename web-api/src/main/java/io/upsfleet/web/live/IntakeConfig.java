package io.upsfleet.web.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.upsfleet.contracts.UpsMessages;

import java.time.Duration;

/** What web-api takes from the bus, {@code upsfleet.intake.*}. */
@ConfigMapping(prefix = "upsfleet.intake")
public interface IntakeConfig {

    /** A message stamped further ahead of this service's clock is ignored (the sender's clock is wrong). */
    @WithDefault("PT2M")
    Duration maxFuture();

    /** An alarm edge or command result stamped further behind is ignored (retained status is not bounded). */
    @WithDefault("P30D")
    Duration maxPast();

    default UpsMessages.TimeWindow window() {
        return new UpsMessages.TimeWindow(maxFuture(), maxPast());
    }
}
