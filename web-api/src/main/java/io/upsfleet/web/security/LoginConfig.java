package io.upsfleet.web.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Throttling of failed logins ({@code upsfleet.login.*}, env UPSFLEET_LOGIN_...). */
@ConfigMapping(prefix = "upsfleet.login")
public interface LoginConfig {

    /** Failed logins of one user name within {@link #window()} after which his logins are refused until it ends. */
    @WithDefault("5")
    int maxFailuresPerUser();

    /** Failed logins from one client address within {@link #window()} after which its logins are refused. */
    @WithDefault("20")
    int maxFailuresPerAddress();

    @WithDefault("PT15M")
    Duration window();

    /** A repeated successful HTTP Basic login of one user from one address is audited at most this often. */
    @WithDefault("PT10M")
    Duration auditBasicLoginEvery();
}
