package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.UpsPayload;

import java.time.Duration;
import java.time.Instant;

/**
 * The timestamps mib-service accepts: no further ahead of its own clock than {@code maxFuture}, and, for
 * facts that are not a retained state, no further behind than {@code maxPast}. One message from a gateway
 * with a wrong clock would otherwise be stored as history and hold the UPS's "latest" values still.
 */
record TimeWindow(Duration maxFuture, Duration maxPast) {

    /** Why the payload's timestamp is outside the window at {@code now}, or null when it is inside. */
    String problem(UpsPayload payload, boolean retainedState, Instant now) {
        Instant ts = payload.ts();
        if (ts.isAfter(now.plus(maxFuture))) {
            return "timestamp " + ts + " is " + Duration.between(now, ts).toSeconds() + " s ahead of this service's clock"
                    + " (at most " + maxFuture.toSeconds() + " s allowed): check the sender's clock";
        }
        if (!retainedState && ts.isBefore(now.minus(maxPast))) {
            return "timestamp " + ts + " is " + Duration.between(ts, now).toDays() + " days behind this service's clock"
                    + " (at most " + maxPast.toDays() + " days allowed)";
        }
        return null;
    }
}
