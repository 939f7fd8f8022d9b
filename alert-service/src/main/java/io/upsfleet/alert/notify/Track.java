package io.upsfleet.alert.notify;

import io.upsfleet.contracts.Severity;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of alarm_track: the raw state of a condition as its edges say, and whether it is flapping.
 *
 * @param severity         of the last edge taken (null before the first)
 * @param lastEdgeTs       when the gateway saw the last edge taken (older edges are stale)
 * @param lastTransitionAt when the last edge was taken (a flap ends after {@code flap.stable} without one)
 * @param flapAlertId      the FLAPPING alert while flapping
 */
public record Track(Condition condition, boolean raised, boolean flapping, Severity severity, String message,
                    Instant lastEdgeTs, Instant lastTransitionAt, UUID flapAlertId) {
}
