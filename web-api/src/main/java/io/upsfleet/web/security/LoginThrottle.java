package io.upsfleet.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins, counted per user name and per client address in a window that opens with the first
 * failure: once a key has {@code max} failures in its window, every login attempt for it is refused, even
 * with the right password, until the window ends. Refused attempts do not count (the window does not slide
 * forward under a steady attack, so the real user gets back in when it ends). A success clears the user's
 * count, not the address's. Kept in memory per replica: behind a load balancer each replica throttles
 * on its own, so the limits are per replica.
 */
public final class LoginThrottle {

    private record Window(Instant start, int failures) {
    }

    /** Bound on remembered keys; past it, windows that have ended are dropped first. */
    static final int MAX_KEYS = 100_000;

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> users = new ConcurrentHashMap<>();
    private final Map<String, Window> addresses = new ConcurrentHashMap<>();

    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** Empty when a login attempt may be checked; otherwise how long until it may (at least 1 s). */
    public Optional<Duration> refusal(String user, String address) {
        Instant now = clock.instant();
        Duration wait = max(remaining(users.get(key(user)), maxPerUser, now), remaining(addresses.get(key(address)), maxPerAddress, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        count(users, key(user), now);
        count(addresses, key(address), now);
    }

    public void succeeded(String user) {
        users.remove(key(user));
    }

    private Duration remaining(Window w, int max, Instant now) {
        if (w == null || w.failures() < max) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, w.start().plus(window));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void count(Map<String, Window> map, String key, Instant now) {
        if (map.size() >= MAX_KEYS) {
            map.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        }
        map.compute(key, (k, w) -> w == null || !now.isBefore(w.start().plus(window)) ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
    }

    private static String key(String s) {
        return s == null ? "" : s.length() > 128 ? s.substring(0, 128) : s;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
