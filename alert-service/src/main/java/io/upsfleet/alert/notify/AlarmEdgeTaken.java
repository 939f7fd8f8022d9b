package io.upsfleet.alert.notify;

import java.time.Instant;

/**
 * An edge changed the track of its condition. Fired synchronously inside the edge's transaction, so an
 * observer (protective actions) decides with the tracks as they now are and commits with the edge.
 */
public record AlarmEdgeTaken(Condition condition, Instant at) {
}
