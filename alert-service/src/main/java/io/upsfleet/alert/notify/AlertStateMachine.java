package io.upsfleet.alert.notify;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.channel.Notice;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.alerting.AlertState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The life of an alert, as decisions over plain facts: no database, no clock, no randomness of its own
 * (time and new ids come in). {@link AlertEngine} loads the facts under the right locks and writes the
 * {@link Effect}s this returns.
 *
 * <ul>
 *   <li>An edge older than the last one taken is stale; one that repeats the tracked state is ignored.</li>
 *   <li>A raise opens a PENDING alert; nobody is told until it is still raised after the debounce
 *       ({@link #promote}). A clear within the debounce dismisses it silently; a clear after the notice
 *       ends it and tells whoever was told of it (escalation recipients included).</li>
 *   <li>{@code flap.transitions} edges within {@code flap.window} make the condition flapping: a PENDING alert
 *       is absorbed, one FLAPPING notice goes out, later edges are only tracked. After {@code flap.stable}
 *       without an edge ({@link #endFlap}) whoever was told gets FLAPPING_ENDED, and the condition resumes in
 *       the state it settled in (raised: a new alert, due at once; clear: the open alert ends).</li>
 *   <li>An OPEN alert not acknowledged escalates once, at the shortest {@code escalate-after} of its rules, to
 *       the escalation recipients of the rules due by then ({@link #escalate}).</li>
 *   <li>The first acknowledgement stands ({@link #acknowledge}).</li>
 * </ul>
 */
public final class AlertStateMachine {

    /**
     * @param maxFuture a last edge stamped further ahead of the clock than this came from a wrong clock: it
     *                  does not make later real edges stale
     */
    public record Settings(Duration debounce, int flapTransitions, Duration flapWindow, Duration flapStable,
                           Duration maxFuture) {

        public static Settings of(AlertConfig config) {
            return new Settings(config.debounce(), config.flap().transitions(), config.flap().window(),
                    config.flap().stable(), config.time().maxFuture());
        }
    }

    /**
     * What an edge meets.
     *
     * @param track             its condition's track (locked by the caller)
     * @param open              the condition's PENDING or OPEN alert, null if none
     * @param recentTransitions edges taken within {@code flap.window} before this one
     * @param placement         site and tags of the UPS, for a new alert
     */
    public record EdgeFacts(Track track, AlertRow open, int recentTransitions, UpsDirectory.Placement placement) {
    }

    private static final Set<Notice.Kind> TOLD_OF_THE_ALERT = Set.of(Notice.Kind.RAISED, Notice.Kind.ESCALATED);
    private static final Set<Notice.Kind> TOLD_OF_THE_FLAP = Set.of(Notice.Kind.FLAPPING);

    private final Settings settings;
    private final Rules rules;
    private final Map<String, Boolean> perRecipient;
    private final Supplier<UUID> ids;

    /**
     * @param perRecipient channel name -> whether it sends one delivery per recipient (see {@link Targets})
     * @param ids          ids for new alerts
     */
    public AlertStateMachine(Settings settings, Rules rules, Map<String, Boolean> perRecipient, Supplier<UUID> ids) {
        this.settings = settings;
        this.rules = rules;
        this.perRecipient = Map.copyOf(perRecipient);
        this.ids = ids;
    }

    public Decision onEdge(AlarmEvent edge, EdgeFacts facts, Instant now) {
        Track track = facts.track();
        Instant last = track.lastEdgeTs();
        if (last != null && !last.isAfter(now.plus(settings.maxFuture())) && edge.ts().isBefore(last)) {
            return Decision.nothing(Outcome.STALE);
        }
        boolean raise = edge.state() == AlarmEvent.AlarmState.RAISED;
        if (raise == track.raised()) {
            return Decision.nothing(Outcome.REPEATED_STATE);
        }
        Condition condition = track.condition();
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.TrackEdge(condition, raise, edge.severity(), edge.message(), edge.ts(), now));
        if (track.flapping()) {
            return new Decision(Outcome.SUPPRESSED, effects);
        }
        effects.add(new Effect.CountTransition(condition, now, now.minus(settings.flapWindow())));
        if (facts.recentTransitions() + 1 >= settings.flapTransitions()) {
            startFlapping(edge, facts, now, effects);
            return new Decision(Outcome.FLAPPING_STARTED, effects);
        }
        if (!raise) {
            return clear(facts.open(), now, effects);
        }
        if (facts.open() != null) {
            return new Decision(Outcome.REPEATED_STATE, effects);
        }
        effects.add(new Effect.CreateAlert(AlertRow.create(ids.get(), condition, edge.severity(), edge.message(),
                facts.placement(), AlertState.PENDING, edge.ts(), now.plus(settings.debounce()), null)));
        return new Decision(Outcome.PENDING, effects);
    }

    /** A PENDING alert whose debounce is over is notified under its rules. */
    public List<Effect> promote(AlertRow alert, Instant now) {
        if (alert.state() != AlertState.PENDING || alert.notifyAt().isAfter(now)) {
            return List.of();
        }
        List<Rules.Matched> matched = rules.matching(alert);
        Instant escalationDue = matched.stream().flatMap(m -> m.escalatesAfter().stream())
                .min(Duration::compareTo).map(now::plus).orElse(null);
        return List.of(new Effect.OpenAlert(alert.alertId(), now, escalationDue),
                new Effect.Notify(alert.notice(Notice.Kind.RAISED, now),
                        Targets.of(matched, Targets.Audience.RECIPIENTS, perRecipient)));
    }

    /** An unacknowledged OPEN alert past its escalation time goes, once, to the rules due by {@code now}. */
    public List<Effect> escalate(AlertRow alert, Instant now) {
        if (alert.state() != AlertState.OPEN || alert.ackedAt() != null || alert.escalatedAt() != null
                || alert.escalationDueAt() == null || alert.escalationDueAt().isAfter(now)) {
            return List.of();
        }
        List<Rules.Matched> due = rules.matching(alert).stream()
                .filter(m -> m.escalatesAfter().map(after -> !alert.notifiedAt().plus(after).isAfter(now)).orElse(false))
                .toList();
        return List.of(new Effect.Notify(alert.notice(Notice.Kind.ESCALATED, now),
                        Targets.of(due, Targets.Audience.ESCALATION, perRecipient)),
                new Effect.MarkEscalated(alert.alertId(), now));
    }

    /**
     * A flapping condition quiet for {@code flap.stable} is back to normal.
     *
     * @param flapAlert the FLAPPING alert (null if it is gone)
     * @param open      the condition's PENDING or OPEN alert (null if none)
     * @return nothing to do while it is not flapping or not quiet long enough
     */
    public Decision endFlap(Track track, AlertRow flapAlert, AlertRow open, UpsDirectory.Placement placement,
                            Instant now) {
        if (!track.flapping() || track.lastTransitionAt().isAfter(now.minus(settings.flapStable()))) {
            return Decision.nothing(Outcome.SUPPRESSED);
        }
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.StopFlapping(track.condition()));
        if (flapAlert != null) {
            if (flapAlert.state() == AlertState.FLAPPING) {
                effects.add(new Effect.EndAlert(flapAlert.alertId(), AlertState.FLAPPING, AlertState.ENDED, now));
            }
            // Whoever was told it flaps is told it stopped (a pager incident opened for the flap is resolved).
            Notice told = flapAlert.notice(Notice.Kind.FLAPPING_ENDED, now);
            Notice ended = new Notice(told.alertId(), told.kind(), told.upsId(), told.alarm(), told.severity(),
                    "stable again, settled " + (track.raised() ? "RAISED" : "CLEARED"), told.site(), told.tags(),
                    told.raisedAt(), now);
            effects.add(new Effect.NotifyThoseTold(ended, TOLD_OF_THE_FLAP));
        }
        if (!track.raised()) {
            return clear(open, now, effects);
        }
        if (open != null) {
            return new Decision(Outcome.REPEATED_STATE, effects);
        }
        // Settled raised: it has been stable long enough, so it is due without another debounce.
        Severity severity = track.severity() == null ? track.condition().alarm().defaultSeverity() : track.severity();
        effects.add(new Effect.CreateAlert(AlertRow.create(ids.get(), track.condition(), severity, track.message(),
                placement, AlertState.PENDING, now, now, null)));
        return new Decision(Outcome.PENDING, effects);
    }

    /** Records who acknowledged, unless someone already did (the first acknowledgement stands). */
    public List<Effect> acknowledge(AlertRow alert, String by, Instant now) {
        return alert.ackedAt() != null ? List.of() : List.of(new Effect.Acknowledge(alert.alertId(), by, now));
    }

    /** Ends the open alert of a condition: silently if nobody was told yet, with a clear notice otherwise. */
    private static Decision clear(AlertRow open, Instant now, List<Effect> effects) {
        if (open == null) {
            return new Decision(Outcome.CLEARED_SILENT, effects);
        }
        if (open.state() != AlertState.OPEN) {
            effects.add(new Effect.EndAlert(open.alertId(), open.state(), AlertState.DISMISSED, now));
            return new Decision(Outcome.DISMISSED, effects);
        }
        effects.add(new Effect.EndAlert(open.alertId(), AlertState.OPEN, AlertState.CLEARED, now));
        effects.add(new Effect.NotifyThoseTold(open.notice(Notice.Kind.CLEARED, now), TOLD_OF_THE_ALERT));
        return new Decision(Outcome.CLEARED, effects);
    }

    private void startFlapping(AlarmEvent edge, EdgeFacts facts, Instant now, List<Effect> effects) {
        // A still-debouncing alert is absorbed; an alert already notified stays open until the flapping ends.
        Optional.ofNullable(facts.open()).filter(a -> a.state() == AlertState.PENDING).ifPresent(a ->
                effects.add(new Effect.EndAlert(a.alertId(), AlertState.PENDING, AlertState.DISMISSED, now)));
        Severity atLeast = edge.alarm().defaultSeverity();
        Severity severity = atLeast.ordinal() > edge.severity().ordinal() ? atLeast : edge.severity();
        String message = edge.alarm() + " changed state " + settings.flapTransitions() + " times within "
                + settings.flapWindow().toSeconds() + " s; notices paused until it is stable for "
                + settings.flapStable().toSeconds() + " s";
        AlertRow flap = AlertRow.create(ids.get(), facts.track().condition(), severity, message, facts.placement(),
                AlertState.FLAPPING, now, null, now);
        effects.add(new Effect.CreateAlert(flap));
        effects.add(new Effect.StartFlapping(flap.condition(), flap.alertId()));
        effects.add(new Effect.Notify(flap.notice(Notice.Kind.FLAPPING, now),
                Targets.of(rules.matching(flap), Targets.Audience.RECIPIENTS, perRecipient)));
    }
}
