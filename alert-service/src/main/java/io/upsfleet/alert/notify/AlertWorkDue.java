package io.upsfleet.alert.notify;

import java.time.Instant;

/**
 * Fired by the engine when it committed something that makes background work due at {@code at}: now (a
 * notice to send, a protective step to take) or later (the end of a debounce). The worker observes it.
 */
public record AlertWorkDue(Instant at) {

    public static AlertWorkDue now() {
        return new AlertWorkDue(Instant.now());
    }
}
