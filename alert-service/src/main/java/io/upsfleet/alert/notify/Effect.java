package io.upsfleet.alert.notify;

import io.upsfleet.alert.channel.Notice;
import io.upsfleet.alert.outbox.Target;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.alerting.AlertState;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One change {@link AlertStateMachine} decides; {@link AlertEngine} writes it in the caller's transaction. */
public sealed interface Effect {

    /** The track takes the edge: its state, severity and message, and when it was seen and taken. */
    record TrackEdge(Condition condition, boolean raised, Severity severity, String message, Instant edgeTs,
                     Instant at) implements Effect {
    }

    /** The edge counts towards flapping; transitions before {@code forgetBefore} no longer count. */
    record CountTransition(Condition condition, Instant at, Instant forgetBefore) implements Effect {
    }

    record StartFlapping(Condition condition, UUID flapAlertId) implements Effect {
    }

    /** The flap is over, and the edges that made it flap do not count towards the next one. */
    record StopFlapping(Condition condition) implements Effect {
    }

    /** A new alert: PENDING until {@code notifyAt}, or FLAPPING (already notified). */
    record CreateAlert(AlertRow alert) implements Effect {
    }

    /** A PENDING alert is notified; it escalates at {@code escalationDueAt} (null: never). */
    record OpenAlert(UUID alertId, Instant notifiedAt, Instant escalationDueAt) implements Effect {
    }

    /** The alert moves from {@code from} to an end state ({@code to}) at {@code at}. */
    record EndAlert(UUID alertId, AlertState from, AlertState to, Instant at) implements Effect {
    }

    record MarkEscalated(UUID alertId, Instant at) implements Effect {
    }

    record Acknowledge(UUID alertId, String by, Instant at) implements Effect {
    }

    /** Queue {@code notice} for these targets. */
    record Notify(Notice notice, List<Target> targets) implements Effect {
    }

    /**
     * Queue {@code notice} for whoever was queued a notice of one of {@code toldOf} about the same alert
     * (that is a fact of the outbox, read when the effect is written).
     */
    record NotifyThoseTold(Notice notice, Set<Notice.Kind> toldOf) implements Effect {
    }
}
