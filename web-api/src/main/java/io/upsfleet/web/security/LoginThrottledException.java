package io.upsfleet.web.security;

import java.time.Duration;

/**
 * A login attempt refused by {@link LoginThrottle}. Not an AuthenticationFailedException on purpose:
 * Quarkus would answer that with a plain challenge (401, or the form's error page); this one reaches
 * {@link LoginThrottleResponder}, which answers 429 with Retry-After.
 */
public class LoginThrottledException extends RuntimeException {

    public final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("too many failed logins", null, false, false);
        this.retryAfter = retryAfter;
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
