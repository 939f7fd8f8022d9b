package io.upsfleet.web.history;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits of the history endpoint, {@code upsfleet.history.*} (env {@code UPSFLEET_HISTORY_...}). */
@ConfigMapping(prefix = "upsfleet.history")
public interface HistoryConfig {

    /** Longest range served from raw readings (1 s polling: 6 h = 21,600 points). */
    @WithDefault("PT6H")
    Duration rawMaxRange();

    /** Longest range served from the per-minute roll-up (31 days = 44,640 points). */
    @WithDefault("P31D")
    Duration rollupMaxRange();

    /** resolution=auto uses raw readings up to this range, the roll-up beyond. */
    @WithDefault("PT2H")
    Duration autoRawUpTo();

    /** Hard cap of points per answer, whatever the polling rate; more are cut and flagged truncated. */
    @WithDefault("50000")
    int maxPoints();
}
