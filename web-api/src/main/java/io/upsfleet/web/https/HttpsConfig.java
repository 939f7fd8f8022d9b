package io.upsfleet.web.https;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTPS ({@code upsfleet.https.*}): certificate and key PEM files (both set = HTTPS on, see
 * {@link HttpsConfigSourceFactory}) and the Strict-Transport-Security max-age sent on HTTPS responses.
 */
@ConfigMapping(prefix = "upsfleet.https")
public interface HttpsConfig {

    Optional<String> cert();

    Optional<String> key();

    /** HSTS max-age on every HTTPS response (browsers then refuse plain HTTP to this host for that long); PT0S: no header. */
    @WithDefault("P365D")
    Duration hstsMaxAge();
}
