package io.upsfleet.web.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Live streams, {@code upsfleet.sse.*}. */
@ConfigMapping(prefix = "upsfleet.sse")
public interface SseConfig {

    /** A comment line this often keeps proxies from closing an idle stream. */
    @WithDefault("PT15S")
    Duration heartbeat();
}
