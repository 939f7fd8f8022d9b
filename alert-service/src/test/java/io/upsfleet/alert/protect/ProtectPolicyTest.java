package io.upsfleet.alert.protect;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.NutLoginBook;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.upsfleet.contracts.AlarmType.LOW_BATTERY;
import static io.upsfleet.contracts.AlarmType.ON_BATTERY;
import static io.upsfleet.contracts.AlarmType.RUNTIME_LOW;
import static org.assertj.core.api.Assertions.assertThat;

/** When a protective shutdown starts and ends, and what it publishes when: plain facts, no broker, no database. */
class ProtectPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final AlertConfig.Protect SETTINGS = new TestProtect(true, Duration.ofMinutes(2), 0.5, 1);

    record TestProtect(boolean enabled, Duration grace, double shutdownDelay, int restoreMinutes)
            implements AlertConfig.Protect {
    }

    @Test
    void onBatteryAloneStartsNothing() {
        assertThat(ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(ON_BATTERY), Optional.empty(), NOW, "n-1", 0)).isEmpty();
    }

    @Test
    void onBatteryWithTheBatteryLowStartsASequenceThatGivesHostsTheGraceTime() {
        ProtectPolicy.Change change = ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(ON_BATTERY, LOW_BATTERY),
                Optional.empty(), NOW, "n-1", 0).orElseThrow();

        assertThat(change).isEqualTo(new ProtectPolicy.Change.Start(
                new Sequence("n-1", "ups-1", Sequence.State.GRACE, HostShutdownNotice.Action.SHUTDOWN, NOW,
                        NOW.plus(Duration.ofMinutes(2)), 120, 0.5, 1, false, 0),
                "on battery and battery low: hosts get 120 s, then S0.5R1"));
    }

    @Test
    void runtimeUnderTheThresholdCountsAsLow() {
        ProtectPolicy.Change change = ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(ON_BATTERY, RUNTIME_LOW),
                Optional.empty(), NOW, "n-1", 0).orElseThrow();

        assertThat(((ProtectPolicy.Change.Start) change).detail()).startsWith("on battery and runtime low");
    }

    @Test
    void aUpsWithASequenceGoingDoesNotStartASecond() {
        assertThat(ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(ON_BATTERY, LOW_BATTERY, RUNTIME_LOW),
                Optional.of(sequence(Sequence.State.GRACE, true)), NOW, "n-2", 0)).isEmpty();
    }

    @Test
    void mainsBackWithinTheGraceCancelsTheSequence() {
        assertThat(ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(LOW_BATTERY), Optional.of(sequence(Sequence.State.GRACE, true)),
                NOW, "n-2", 0)).contains(new ProtectPolicy.Change.End("n-1", Sequence.State.CANCELLED, "CANCELLED",
                "mains back within the grace time: no shutdown command"));
    }

    @Test
    void mainsBackAfterTheCommandEndsTheSequenceAndWithdrawsTheNotice() {
        ProtectPolicy.Change change = ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(), Optional.of(
                sequence(Sequence.State.COMMANDED, true)), NOW, "n-2", 0).orElseThrow();

        assertThat(change).isEqualTo(new ProtectPolicy.Change.End("n-1", Sequence.State.DONE, "MAINS_RESTORED",
                "mains back after the shutdown command: host-shutdown notice withdrawn"));
    }

    @Test
    void aNewSequencePublishesItsNoticeAndWaitsForTheGraceBeforeTheCommand() {
        ProtectPolicy.Step step = ProtectPolicy.next(sequence(Sequence.State.GRACE, false), NOW, List.of());

        HostShutdownNotice notice = step.notice().orElseThrow();
        assertThat(notice.action()).isEqualTo(HostShutdownNotice.Action.SHUTDOWN);
        assertThat(notice.noticeId()).isEqualTo("n-1");
        assertThat(notice.graceSeconds()).isEqualTo(90);
        assertThat(step.command()).isEmpty();
    }

    @Test
    void theCommandGoesOutWhenTheGraceIsOver() {
        Sequence s = sequence(Sequence.State.GRACE, true);

        assertThat(ProtectPolicy.next(s, s.graceUntil().minusMillis(1), List.of()).command()).isEmpty();
        ProtectPolicy.Step step = ProtectPolicy.next(s, s.graceUntil(), List.of());
        assertThat(step.notice()).isEmpty();
        assertThat(step.command().orElseThrow().command()).isEqualTo(CommandType.SHUTDOWN_RESTORE);
        assertThat(step.command().get().commandId()).isEqualTo("n-1-cmd");
        assertThat(step.command().get().shutdownMinutes()).isEqualTo(0.5);
        assertThat(step.command().get().restoreMinutes()).isEqualTo(1);
        assertThat(step.command().get().requestedBy()).isEqualTo(ProtectPolicy.REQUESTED_BY);
    }

    @Test
    void theCommandGoesOutAsSoonAsTheNutHostsItStartedWithHaveLoggedOut() {
        Sequence s = sequence(Sequence.State.GRACE, true, 2);
        NutLoginBook.Host stillThere = new NutLoginBook.Host("10.0.0.5", "monitor", NOW.minusSeconds(600), "nut-1");

        assertThat(ProtectPolicy.next(s, NOW, List.of(stillThere)).command()).isEmpty();
        ProtectPolicy.Step step = ProtectPolicy.next(s, NOW, List.of());
        assertThat(step.command()).isPresent();
        assertThat(step.why()).isEqualTo("all 2 NUT host(s) logged out before the grace ended");
    }

    @Test
    void withoutNutHostsAtTheStartTheCommandWaitsForTheWholeGrace() {
        assertThat(ProtectPolicy.next(sequence(Sequence.State.GRACE, true, 0), NOW, List.of()).command()).isEmpty();
    }

    @Test
    void aCommandAtTheEndOfTheGraceSaysWhichHostsWereStillLoggedIn() {
        Sequence s = sequence(Sequence.State.GRACE, true, 2);
        NutLoginBook.Host stillThere = new NutLoginBook.Host("10.0.0.5", "monitor", NOW.minusSeconds(600), "nut-1");

        ProtectPolicy.Step step = ProtectPolicy.next(s, s.graceUntil(), List.of(stillThere));
        assertThat(step.command()).isPresent();
        assertThat(step.why()).isEqualTo("grace time over; still logged in over NUT: [10.0.0.5 (monitor)]");
    }

    @Test
    void aSequenceStartedWithNutHostsLoggedInSaysSo() {
        ProtectPolicy.Change change = ProtectPolicy.onEdge("ups-1", SETTINGS, Set.of(ON_BATTERY, LOW_BATTERY),
                Optional.empty(), NOW, "n-1", 3).orElseThrow();

        assertThat(((ProtectPolicy.Change.Start) change).sequence().nutHostsAtStart()).isEqualTo(3);
        assertThat(((ProtectPolicy.Change.Start) change).detail())
                .isEqualTo("on battery and battery low: hosts get 120 s (or until the 3 NUT host(s) logged in have logged out), then S0.5R1");
    }

    @Test
    void aCancelledSequencePublishesTheCancellationAndNoCommand() {
        Sequence cancelled = new Sequence("n-1", "ups-1", Sequence.State.CANCELLED, HostShutdownNotice.Action.CANCELLED,
                NOW.minusSeconds(200), NOW.minusSeconds(80), 120, 0.5, 1, false, 0);

        ProtectPolicy.Step step = ProtectPolicy.next(cancelled, NOW, List.of());

        assertThat(step.notice().orElseThrow().action()).isEqualTo(HostShutdownNotice.Action.CANCELLED);
        assertThat(step.notice().get().graceSeconds()).isNull();
        assertThat(step.command()).isEmpty();
    }

    @Test
    void settingsComeFromTheUpsOwnKeyElseTheLongestMatchingPrefix() {
        AlertConfig.Protect own = new TestProtect(true, Duration.ofMinutes(1), 0.5, 1);
        AlertConfig.Protect rack = new TestProtect(true, Duration.ofMinutes(2), 0.5, 1);
        AlertConfig.Protect rackA = new TestProtect(true, Duration.ofMinutes(3), 0.5, 1);
        Map<String, AlertConfig.Protect> all = Map.of("rack-a-1", own, "rack-*", rack, "rack-a-*", rackA);

        assertThat(ProtectPolicy.settingsFor(all, "rack-a-1")).containsSame(own);
        assertThat(ProtectPolicy.settingsFor(all, "rack-a-2")).containsSame(rackA);
        assertThat(ProtectPolicy.settingsFor(all, "rack-b-1")).containsSame(rack);
        assertThat(ProtectPolicy.settingsFor(all, "desk-1")).isEmpty();
    }

    @Test
    void onlyPowerAlarmsConcernProtection() {
        assertThat(Set.of(AlarmType.values())).filteredOn(ProtectPolicy::concerns)
                .containsExactlyInAnyOrder(ON_BATTERY, LOW_BATTERY, RUNTIME_LOW);
    }

    /** Sequence n-1 of ups-1, started 30 s ago with 2 min of grace (90 s left). */
    private static Sequence sequence(Sequence.State state, boolean published) {
        return sequence(state, published, 0);
    }

    private static Sequence sequence(Sequence.State state, boolean published, int nutHostsAtStart) {
        return new Sequence("n-1", "ups-1", state, HostShutdownNotice.Action.SHUTDOWN, NOW.minusSeconds(30),
                NOW.plusSeconds(90), 120, 0.5, 1, published, nutHostsAtStart);
    }
}
