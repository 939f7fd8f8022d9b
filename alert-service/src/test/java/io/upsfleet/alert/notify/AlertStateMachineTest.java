package io.upsfleet.alert.notify;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.channel.Notice;
import io.upsfleet.alert.outbox.Target;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import io.upsfleet.contracts.alerting.AlertState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.upsfleet.contracts.AlarmEvent.AlarmState.CLEARED;
import static io.upsfleet.contracts.AlarmEvent.AlarmState.RAISED;
import static org.assertj.core.api.Assertions.assertThat;

/** The alert state machine on plain facts: no database, no Quarkus. */
class AlertStateMachineTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration DEBOUNCE = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(10);
    private static final int FLAP_TRANSITIONS = 4;
    private static final Condition ON_BATTERY = new Condition("ups-1", AlarmType.ON_BATTERY);
    private static final UpsDirectory.Placement HQ = new UpsDirectory.Placement("HQ", List.of("critical"));

    private final AtomicLong nextId = new AtomicLong(1);
    private final AlertStateMachine machine;

    AlertStateMachineTest() {
        Map<String, AlertConfig.Rule> rules = new LinkedHashMap<>();
        rules.put("ops", TestRule.via(List.of("email", "webhook"), "ops@example.test"));
        rules.put("hq", TestRule.via(List.of("email"), "hq@example.test").atSite("HQ")
                .escalating(Duration.ofMinutes(5), "boss@example.test"));
        rules.put("board", TestRule.via(List.of("email")).atSite("HQ")
                .escalating(Duration.ofMinutes(30), "board@example.test"));
        machine = new AlertStateMachine(new AlertStateMachine.Settings(DEBOUNCE, FLAP_TRANSITIONS, Duration.ofMinutes(10),
                STABLE, Duration.ofMinutes(2)), new Rules(rules), Map.of("email", true, "webhook", false), () -> new UUID(0, nextId.getAndIncrement()));
    }

    // --- edges

    @Test
    void aLastEdgeFromAWrongClockInTheFutureDoesNotMakeRealEdgesStale() {
        Track track = track(false, false, NOW.plus(Duration.ofDays(4 * 365)));

        Decision d = machine.onEdge(edge(RAISED, NOW), facts(track, null, 0), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
    }

    @Test
    void anEdgeOlderThanTheLastOneTakenIsStale() {
        Track track = track(false, false, NOW.minusSeconds(5));

        Decision d = machine.onEdge(edge(RAISED, NOW.minusSeconds(10)), facts(track, null, 0), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.STALE);
        assertThat(d.effects()).isEmpty();
    }

    @Test
    void anEdgeThatRepeatsTheTrackedStateChangesNothing() {
        Decision d = machine.onEdge(edge(RAISED, NOW), facts(track(true, false, NOW.minusSeconds(60)), null, 0), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.REPEATED_STATE);
        assertThat(d.effects()).isEmpty();
    }

    @Test
    void aRaiseOpensAPendingAlertDueAfterTheDebounceAndTellsNobodyYet() {
        AlarmEvent raise = edge(RAISED, NOW.minusMillis(200));

        Decision d = machine.onEdge(raise, facts(track(false, false, null), null, 0), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(d.effects()).containsExactly(
                new Effect.TrackEdge(ON_BATTERY, true, Severity.WARNING, "on battery", raise.ts(), NOW),
                new Effect.CountTransition(ON_BATTERY, NOW, NOW.minus(Duration.ofMinutes(10))),
                new Effect.CreateAlert(AlertRow.create(new UUID(0, 1), ON_BATTERY, Severity.WARNING, "on battery", HQ,
                        AlertState.PENDING, raise.ts(), NOW.plus(DEBOUNCE), null)));
        assertThat(d.tookEdge()).isTrue();
    }

    @Test
    void raiseAndClearWithinTheDebounceTellsNobody() {
        AlertRow pending = alert(AlertState.PENDING, null);

        Decision d = machine.onEdge(edge(CLEARED, NOW), facts(track(true, false, NOW.minusSeconds(5)), pending, 1), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.DISMISSED);
        assertThat(d.effects()).contains(new Effect.EndAlert(pending.alertId(), AlertState.PENDING, AlertState.DISMISSED, NOW));
        assertThat(notices(d)).isEmpty();
    }

    @Test
    void aClearAfterTheNoticeTellsWhoeverWasToldOfTheAlertIncludingEscalation() {
        AlertRow open = alert(AlertState.OPEN, NOW.minusSeconds(60));

        Decision d = machine.onEdge(edge(CLEARED, NOW), facts(track(true, false, NOW.minusSeconds(90)), open, 1), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.CLEARED);
        assertThat(d.effects()).contains(
                new Effect.EndAlert(open.alertId(), AlertState.OPEN, AlertState.CLEARED, NOW),
                new Effect.NotifyThoseTold(open.notice(Notice.Kind.CLEARED, NOW),
                        Set.of(Notice.Kind.RAISED, Notice.Kind.ESCALATED)));
    }

    @Test
    void aClearWithNoAlertOpenIsSilent() {
        Decision d = machine.onEdge(edge(CLEARED, NOW), facts(track(true, false, NOW.minusSeconds(5)), null, 0), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.CLEARED_SILENT);
        assertThat(notices(d)).isEmpty();
    }

    // --- flapping

    @Test
    void fewerTransitionsThanTheThresholdWithinTheWindowAreNoFlap() {
        Decision d = machine.onEdge(edge(RAISED, NOW), facts(track(false, false, null), null, FLAP_TRANSITIONS - 2), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
    }

    @Test
    void theThresholdTransitionWithinTheWindowStartsFlappingWithOneNoticeAndAbsorbsThePendingAlert() {
        AlertRow pending = alert(AlertState.PENDING, null);

        Decision d = machine.onEdge(edge(RAISED, NOW), facts(track(false, false, null), pending, FLAP_TRANSITIONS - 1), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.FLAPPING_STARTED);
        assertThat(d.effects()).contains(new Effect.EndAlert(pending.alertId(), AlertState.PENDING, AlertState.DISMISSED, NOW));
        AlertRow flap = created(d);
        assertThat(flap.state()).isEqualTo(AlertState.FLAPPING);
        assertThat(flap.notifiedAt()).isEqualTo(NOW);
        assertThat(d.effects()).contains(new Effect.StartFlapping(ON_BATTERY, flap.alertId()));
        List<Effect.Notify> notices = notices(d);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).notice().kind()).isEqualTo(Notice.Kind.FLAPPING);
        assertThat(notices.get(0).notice().alertId()).isEqualTo(flap.alertId());
        assertThat(notices.get(0).targets()).containsExactly(new Target("ops", "email", "ops@example.test"),
                new Target("ops", "webhook", ""), new Target("hq", "email", "hq@example.test"));
    }

    @Test
    void anAlertAlreadyNotifiedStaysOpenWhenFlappingStarts() {
        AlertRow open = alert(AlertState.OPEN, NOW.minusSeconds(60));

        Decision d = machine.onEdge(edge(CLEARED, NOW), facts(track(true, false, null), open, FLAP_TRANSITIONS - 1), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.FLAPPING_STARTED);
        assertThat(d.effects()).noneMatch(e -> e instanceof Effect.EndAlert);
    }

    @Test
    void theFlappingNoticeHasAtLeastTheAlarmsDefaultSeverity() {
        AlarmEvent infoEdge = new AlarmEvent(AlarmEvent.VERSION, "e-info", "ups-1", "gw-1", NOW, AlarmType.ON_BATTERY,
                RAISED, Severity.INFO, "on battery");

        Decision d = machine.onEdge(infoEdge, facts(track(false, false, null), null, FLAP_TRANSITIONS - 1), NOW);

        assertThat(created(d).severity()).isEqualTo(AlarmType.ON_BATTERY.defaultSeverity());
    }

    @Test
    void edgesWhileFlappingAreTrackedButTellNobody() {
        Decision d = machine.onEdge(edge(RAISED, NOW), facts(track(false, true, NOW.minusSeconds(5)), null, 9), NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(d.effects()).singleElement().isInstanceOf(Effect.TrackEdge.class);
    }

    @Test
    void aFlapEndsOnlyAfterStableWithoutAnEdge() {
        Track stillFlapping = flapping(true, NOW.minus(STABLE).plusSeconds(1));

        assertThat(machine.endFlap(stillFlapping, flapAlert(), null, HQ, NOW).effects()).isEmpty();
        assertThat(machine.endFlap(flapping(true, NOW.minus(STABLE)), flapAlert(), null, HQ, NOW).effects()).isNotEmpty();
    }

    @Test
    void theEndOfAFlapTellsThoseToldItFlapsAndResumesRaisedWithAnAlertDueAtOnce() {
        AlertRow flap = flapAlert();

        Decision d = machine.endFlap(flapping(true, NOW.minus(STABLE)), flap, null, HQ, NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(d.effects()).contains(new Effect.StopFlapping(ON_BATTERY),
                new Effect.EndAlert(flap.alertId(), AlertState.FLAPPING, AlertState.ENDED, NOW));
        Effect.NotifyThoseTold ended = d.effects().stream().filter(Effect.NotifyThoseTold.class::isInstance)
                .map(Effect.NotifyThoseTold.class::cast).findFirst().orElseThrow();
        assertThat(ended.toldOf()).containsExactly(Notice.Kind.FLAPPING);
        assertThat(ended.notice().kind()).isEqualTo(Notice.Kind.FLAPPING_ENDED);
        assertThat(ended.notice().alertId()).isEqualTo(flap.alertId());
        assertThat(ended.notice().message()).isEqualTo("stable again, settled RAISED");
        AlertRow resumed = created(d);
        assertThat(resumed.state()).isEqualTo(AlertState.PENDING);
        assertThat(resumed.notifyAt()).isEqualTo(NOW);
        assertThat(resumed.site()).isEqualTo("HQ");
    }

    @Test
    void theEndOfAFlapSettledClearEndsTheAlertThatWasOpenWithAClearNotice() {
        AlertRow open = alert(AlertState.OPEN, NOW.minus(Duration.ofHours(1)));

        Decision d = machine.endFlap(flapping(false, NOW.minus(STABLE)), flapAlert(), open, HQ, NOW);

        assertThat(d.outcome()).isEqualTo(Outcome.CLEARED);
        assertThat(d.effects()).contains(new Effect.NotifyThoseTold(open.notice(Notice.Kind.CLEARED, NOW),
                Set.of(Notice.Kind.RAISED, Notice.Kind.ESCALATED)));
        assertThat(d.effects()).noneMatch(e -> e instanceof Effect.CreateAlert);
    }

    // --- promotion, escalation, acknowledgement

    @Test
    void aPendingAlertIsNotOpenedBeforeItsDebounceEnds() {
        AlertRow pending = alert(AlertState.PENDING, null);

        assertThat(machine.promote(pending, pending.notifyAt().minusMillis(1))).isEmpty();
        assertThat(machine.promote(pending, pending.notifyAt())).isNotEmpty();
    }

    @Test
    void promotionOpensTheAlertTellsItsRulesAndSetsTheEarliestEscalation() {
        AlertRow pending = alert(AlertState.PENDING, null);
        Instant due = pending.notifyAt();

        List<Effect> effects = machine.promote(pending, due);

        assertThat(effects).containsExactly(
                new Effect.OpenAlert(pending.alertId(), due, due.plus(Duration.ofMinutes(5))),
                new Effect.Notify(pending.notice(Notice.Kind.RAISED, due), List.of(
                        new Target("ops", "email", "ops@example.test"), new Target("ops", "webhook", ""),
                        new Target("hq", "email", "hq@example.test"))));
    }

    @Test
    void anAlertNoRuleEscalatesGetsNoEscalationTime() {
        AlertRow elsewhere = new AlertRow(new UUID(1, 1), "ups-1", AlarmType.ON_BATTERY, Severity.WARNING, "on battery",
                "Branch", List.of(), AlertState.PENDING, NOW, NOW, null, null, null, null, null, null);

        assertThat(machine.promote(elsewhere, NOW)).contains(new Effect.OpenAlert(elsewhere.alertId(), NOW, null));
    }

    @Test
    void escalationGoesOnlyToRulesDueByThenAndOnlyToTheirEscalationRecipients() {
        AlertRow open = alert(AlertState.OPEN, NOW.minus(Duration.ofMinutes(10)));

        List<Effect> effects = machine.escalate(open, NOW);

        assertThat(effects).containsExactly(
                new Effect.Notify(open.notice(Notice.Kind.ESCALATED, NOW),
                        List.of(new Target("hq", "email", "boss@example.test"))),
                new Effect.MarkEscalated(open.alertId(), NOW));
    }

    @Test
    void escalationWaitsForItsTime() {
        AlertRow open = alert(AlertState.OPEN, NOW.minus(Duration.ofMinutes(4)));

        assertThat(machine.escalate(open, NOW)).isEmpty();
    }

    @Test
    void anAcknowledgedAlertDoesNotEscalate() {
        AlertRow acked = withAck(alert(AlertState.OPEN, NOW.minus(Duration.ofMinutes(10))), "alice");

        assertThat(machine.escalate(acked, NOW)).isEmpty();
    }

    @Test
    void anAlertEscalatesOnce() {
        AlertRow open = alert(AlertState.OPEN, NOW.minus(Duration.ofMinutes(40)));
        AlertRow escalated = new AlertRow(open.alertId(), open.upsId(), open.alarm(), open.severity(), open.message(),
                open.site(), open.tags(), open.state(), open.raisedAt(), open.notifyAt(), open.notifiedAt(), null, null,
                null, NOW.minus(Duration.ofMinutes(35)), open.escalationDueAt());

        assertThat(machine.escalate(escalated, NOW)).isEmpty();
    }

    @Test
    void theFirstAcknowledgementStands() {
        AlertRow open = alert(AlertState.OPEN, NOW.minusSeconds(60));

        assertThat(machine.acknowledge(open, "alice", NOW)).containsExactly(new Effect.Acknowledge(open.alertId(), "alice", NOW));
        assertThat(machine.acknowledge(withAck(open, "alice"), "bob", NOW)).isEmpty();
    }

    // --- fixtures

    private static AlarmEvent edge(AlarmEvent.AlarmState state, Instant ts) {
        return new AlarmEvent(AlarmEvent.VERSION, UUID.randomUUID().toString(), "ups-1", "gw-1", ts, AlarmType.ON_BATTERY,
                state, Severity.WARNING, state == RAISED ? "on battery" : "mains back");
    }

    private static Track track(boolean raised, boolean flapping, Instant lastEdge) {
        return new Track(ON_BATTERY, raised, flapping, Severity.WARNING, "on battery", lastEdge, lastEdge,
                flapping ? new UUID(9, 9) : null);
    }

    private static Track flapping(boolean raised, Instant lastTransition) {
        return new Track(ON_BATTERY, raised, true, Severity.WARNING, "on battery", lastTransition, lastTransition,
                new UUID(9, 9));
    }

    private static AlertStateMachine.EdgeFacts facts(Track track, AlertRow open, int recentTransitions) {
        return new AlertStateMachine.EdgeFacts(track, open, recentTransitions, HQ);
    }

    /** An alert of ups-1 at HQ: PENDING (due in 10 s) or notified at {@code notifiedAt}. */
    private static AlertRow alert(AlertState state, Instant notifiedAt) {
        Instant raised = notifiedAt == null ? NOW.minusSeconds(20) : notifiedAt.minus(DEBOUNCE);
        Instant escalationDue = notifiedAt == null ? null : notifiedAt.plus(Duration.ofMinutes(5));
        return new AlertRow(new UUID(7, 7), "ups-1", AlarmType.ON_BATTERY, Severity.WARNING, "on battery", "HQ",
                List.of("critical"), state, raised, raised.plus(DEBOUNCE), notifiedAt, null, null, null, null, escalationDue);
    }

    private static AlertRow flapAlert() {
        return new AlertRow(new UUID(9, 9), "ups-1", AlarmType.ON_BATTERY, Severity.WARNING, "flapping", "HQ",
                List.of("critical"), AlertState.FLAPPING, NOW.minusSeconds(900), null, NOW.minusSeconds(900), null, null,
                null, null, null);
    }

    private static AlertRow withAck(AlertRow a, String by) {
        return new AlertRow(a.alertId(), a.upsId(), a.alarm(), a.severity(), a.message(), a.site(), a.tags(), a.state(),
                a.raisedAt(), a.notifyAt(), a.notifiedAt(), a.clearedAt(), NOW.minusSeconds(1), by, a.escalatedAt(),
                a.escalationDueAt());
    }

    private static AlertRow created(Decision d) {
        return d.effects().stream().filter(Effect.CreateAlert.class::isInstance).map(e -> ((Effect.CreateAlert) e).alert())
                .findFirst().orElseThrow();
    }

    private static List<Effect.Notify> notices(Decision d) {
        assertThat(d.effects()).noneMatch(e -> e instanceof Effect.NotifyThoseTold);
        return d.effects().stream().filter(Effect.Notify.class::isInstance).map(Effect.Notify.class::cast).toList();
    }
}
