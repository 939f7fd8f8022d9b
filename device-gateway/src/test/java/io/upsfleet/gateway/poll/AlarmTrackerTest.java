package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.AlarmEvent.AlarmState;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.gateway.megatec.BatteryModel;
import io.upsfleet.gateway.megatec.StatusReply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmTrackerTest {

    private static final String ON_BATTERY = "10000000";
    private static final String ON_LINE = "00000000";
    // 12 cells, 1.75 V empty .. 2.25 V full, 600 s at full load; at 50 % load runtime = charge % x 12 s
    private static final BatteryModel BATTERY = new BatteryModel(12, 1.75, 2.25, 600);

    private static StatusReply reply(String flags, double voltsPerCell) {
        return new StatusReply(230.0, 230.0, 230.0, 50, 50.0, voltsPerCell, 25.0, StatusFlags.parse(flags));
    }

    private static AlarmTracker tracker(Duration runtimeLow) {
        return new AlarmTracker(100, BATTERY, 1.9, runtimeLow);
    }

    private static List<AlarmTracker.Edge> only(List<AlarmTracker.Edge> edges, AlarmType alarm) {
        return edges.stream().filter(e -> e.alarm() == alarm).toList();
    }

    @Test
    void runtimeLowIsRaisedOnceWhenTheEstimateOnBatteryFallsBelowTheThreshold() {
        AlarmTracker t = tracker(Duration.ofSeconds(300));
        assertTrue(only(t.onStatus(reply(ON_BATTERY, 2.00)), AlarmType.RUNTIME_LOW).isEmpty(), "600 s left: fine");
        List<AlarmTracker.Edge> low = only(t.onStatus(reply(ON_BATTERY, 1.85)), AlarmType.RUNTIME_LOW);  // 240 s
        assertEquals(1, low.size());
        assertEquals(AlarmState.RAISED, low.get(0).state());
        assertTrue(low.get(0).message().contains("240"), low.get(0).message());
        assertTrue(only(t.onStatus(reply(ON_BATTERY, 1.85)), AlarmType.RUNTIME_LOW).isEmpty(), "raised once");
    }

    @Test
    void runtimeLowClearsOnlyWellAboveTheThresholdSoItDoesNotFlap() {
        AlarmTracker t = tracker(Duration.ofSeconds(300));
        t.onStatus(reply(ON_BATTERY, 1.85));
        assertTrue(only(t.onStatus(reply(ON_BATTERY, 1.88)), AlarmType.RUNTIME_LOW).isEmpty(), "312 s: within the 10 % band");
        List<AlarmTracker.Edge> cleared = only(t.onStatus(reply(ON_BATTERY, 2.00)), AlarmType.RUNTIME_LOW);
        assertEquals(1, cleared.size());
        assertEquals(AlarmState.CLEARED, cleared.get(0).state());
    }

    @Test
    void mainsBackClearsRuntimeLowWithOnBattery() {
        AlarmTracker t = tracker(Duration.ofSeconds(300));
        t.onStatus(reply(ON_BATTERY, 1.85));
        List<AlarmTracker.Edge> edges = t.onStatus(reply(ON_LINE, 1.85));
        assertEquals(AlarmState.CLEARED, only(edges, AlarmType.RUNTIME_LOW).get(0).state());
        assertEquals(AlarmState.CLEARED, only(edges, AlarmType.ON_BATTERY).get(0).state());
    }

    @Test
    void runtimeLowIsOffUnlessConfigured() {
        AlarmTracker t = tracker(null);
        assertTrue(only(t.onStatus(reply(ON_BATTERY, 1.76)), AlarmType.RUNTIME_LOW).isEmpty());
    }

    @Test
    void restoredAlarmIsClearedByTheFirstPollIfItEndedAndNotRaisedAgainIfNot() {
        AlarmTracker ended = tracker(null);
        ended.restore(StatusFlags.parse("11000000"), true);
        List<AlarmTracker.Edge> edges = ended.onStatus(reply(ON_LINE, 2.2));
        assertEquals(List.of(AlarmType.COMM_LOST, AlarmType.ON_BATTERY, AlarmType.LOW_BATTERY),
                edges.stream().map(AlarmTracker.Edge::alarm).toList());
        assertTrue(edges.stream().allMatch(e -> e.state() == AlarmState.CLEARED), edges.toString());

        AlarmTracker ongoing = tracker(null);
        ongoing.restore(StatusFlags.parse(ON_BATTERY), false);
        assertTrue(ongoing.onStatus(reply(ON_BATTERY, 2.0)).isEmpty(), "still on battery: nothing new");
    }
}
