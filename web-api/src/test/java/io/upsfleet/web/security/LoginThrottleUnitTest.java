package io.upsfleet.web.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain unit test of the throttle's window arithmetic, on a clock the test moves. */
class LoginThrottleUnitTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void refusesFromTheNthFailureUntilTheWindowThatOpenedWithTheFirstEnds() {
        MovableClock clock = new MovableClock();
        LoginThrottle t = new LoginThrottle(3, 100, Duration.ofMinutes(15), clock);
        t.failed("u", "a");
        clock.now = clock.now.plusSeconds(60);
        t.failed("u", "a");
        assertTrue(t.refusal("u", "a").isEmpty());
        t.failed("u", "a");
        assertEquals(Duration.ofMinutes(14), t.refusal("u", "a").orElseThrow());
        // refused attempts do not move the window: at its end the user gets in again
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertTrue(t.refusal("u", "a").isEmpty());
    }

    @Test
    void countsAddressesApartFromUsersAndASuccessClearsOnlyTheUser() {
        MovableClock clock = new MovableClock();
        LoginThrottle t = new LoginThrottle(2, 3, Duration.ofSeconds(10), clock);
        t.failed("a1", "10.0.0.1");
        t.failed("a2", "10.0.0.1");
        t.succeeded("a1");
        t.failed("a3", "10.0.0.1");
        assertTrue(t.refusal("someone-else", "10.0.0.1").isPresent(), "the address is throttled for every user");
        assertTrue(t.refusal("someone-else", "10.0.0.2").isEmpty());
        t.failed("a1", "10.0.0.2");
        t.failed("a1", "10.0.0.3");
        assertTrue(t.refusal("a1", "10.0.0.4").isPresent(), "the user is throttled from every address");
        // never less than a second: Retry-After counts whole seconds
        LoginThrottle quick = new LoginThrottle(1, 9, Duration.ofMillis(200), clock);
        quick.failed("q", "x");
        assertEquals(Duration.ofSeconds(1), quick.refusal("q", "x").orElseThrow());
    }
}
