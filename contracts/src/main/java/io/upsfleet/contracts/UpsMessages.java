package io.upsfleet.contracts;

import java.time.Duration;
import java.time.Instant;

/**
 * How every consumer takes a per-UPS message off the bus: the payload must follow the contract, name the
 * UPS of its topic, and carry a timestamp this consumer's clock can accept. Anything else is an
 * {@link InvalidPayloadException} whose message says why (and can be stored and logged).
 */
public final class UpsMessages {

    private UpsMessages() {
    }

    /**
     * The timestamps a consumer accepts: no further ahead of its clock than {@code maxFuture}, and, when
     * {@code maxPast} is given, no further behind. Retained states (status, identity) may be as old as the
     * gateway's last change and are not bounded in the past.
     */
    public record TimeWindow(Duration maxFuture, Duration maxPast) {

        /** Why {@code ts} is outside the window at {@code now}, or null when it is inside. */
        public String problem(Instant ts, Instant now, boolean boundedInThePast) {
            if (ts.isAfter(now.plus(maxFuture))) {
                return "timestamp " + ts + " is " + Duration.between(now, ts).toSeconds() + " s ahead of this service's clock"
                        + " (at most " + maxFuture.toSeconds() + " s allowed): check the sender's clock";
            }
            if (boundedInThePast && maxPast != null && ts.isBefore(now.minus(maxPast))) {
                return "timestamp " + ts + " is " + Duration.between(ts, now).toDays() + " days behind this service's clock"
                        + " (at most " + maxPast.toDays() + " days allowed)";
            }
            return null;
        }
    }

    /** Parses {@code payload} as {@code type} and checks that it is about the UPS its topic names. */
    public static <T extends UpsPayload> T decode(String topic, byte[] payload, Class<T> type) {
        T decoded = Json.parse(payload, type);
        String topicUps = Topics.upsIdOf(topic)
                .orElseThrow(() -> new InvalidPayloadException("topic '" + topic + "' carries no valid UPS id"));
        if (!topicUps.equals(decoded.upsId())) {
            throw new InvalidPayloadException(type.getSimpleName() + ": upsId '" + decoded.upsId()
                    + "' does not match the topic's UPS id '" + topicUps + "'");
        }
        return decoded;
    }
}
