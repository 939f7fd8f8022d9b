package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.AlarmEvent.AlarmState;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.gateway.megatec.BatteryModel;
import io.upsfleet.gateway.megatec.StatusReply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the level of each condition, poll after poll, into edges: an alarm is raised once when it starts
 * and cleared once when it ends. Pure logic, no I/O.
 */
public final class AlarmTracker {

    public record Edge(AlarmType alarm, AlarmState state, String message) {
    }

    private final Set<AlarmType> active = EnumSet.noneOf(AlarmType.class);
    private final int overloadPercent;
    private final BatteryModel battery;
    private final double replaceCellVoltage;
    /** RUNTIME_LOW threshold in seconds; 0 = off. */
    private final long runtimeLowSeconds;
    private boolean testRunning;
    private double lowestCellDuringTest = Double.MAX_VALUE;

    /** @param runtimeLow on battery with less estimated runtime than this raises RUNTIME_LOW; null = off */
    public AlarmTracker(int overloadPercent, BatteryModel battery, double replaceCellVoltage, Duration runtimeLow) {
        this.runtimeLowSeconds = runtimeLow == null ? 0 : runtimeLow.toSeconds();
        this.overloadPercent = overloadPercent;
        this.battery = battery;
        this.replaceCellVoltage = replaceCellVoltage;
    }

    /** Edges caused by one good status reply. Also clears COMM_LOST, since the UPS answered. */
    public List<Edge> onStatus(StatusReply reply) {
        StatusFlags f = reply.flags();
        List<Edge> edges = new ArrayList<>();
        level(edges, AlarmType.COMM_LOST, false, "communication restored");
        level(edges, AlarmType.ON_BATTERY, f.utilityFail(), f.utilityFail() ? "mains failed, running on battery" : "mains restored");
        level(edges, AlarmType.LOW_BATTERY, f.batteryLow(), f.batteryLow() ? "battery low" : "battery no longer low");
        level(edges, AlarmType.UPS_FAULT, f.upsFailed(), f.upsFailed() ? "UPS reports an internal fault" : "UPS fault cleared");
        boolean overload = reply.loadPercent() != null && reply.loadPercent() > overloadPercent;
        level(edges, AlarmType.OVERLOAD, overload, overload
                ? "output load " + reply.loadPercent() + " % exceeds " + overloadPercent + " %" : "output load back to normal");
        level(edges, AlarmType.SHUTDOWN_PENDING, f.shutdownActive(),
                f.shutdownActive() ? "UPS output shutdown counting down" : "no shutdown pending");
        batteryTest(edges, f.testInProgress(), reply.batteryVoltage());
        runtimeLow(edges, f.utilityFail(), battery.runtimeSeconds(battery.chargePercent(reply.batteryVoltage()), reply.loadPercent()));
        return edges;
    }

    /**
     * Raised on battery below the threshold; cleared off battery or once the estimate is 10 % above it
     * (the estimate moves with the load, and an alarm at the threshold must not flap).
     */
    private void runtimeLow(List<Edge> edges, boolean onBattery, Integer runtimeSeconds) {
        if (runtimeLowSeconds <= 0) {
            return;
        }
        boolean raised = active.contains(AlarmType.RUNTIME_LOW);
        if (onBattery && runtimeSeconds != null && runtimeSeconds < runtimeLowSeconds && !raised) {
            level(edges, AlarmType.RUNTIME_LOW, true, String.format("estimated runtime %d s is below %d s", runtimeSeconds, runtimeLowSeconds));
        } else if (raised && (!onBattery || (runtimeSeconds != null && runtimeSeconds > runtimeLowSeconds * 1.1))) {
            level(edges, AlarmType.RUNTIME_LOW, false, onBattery ? "estimated runtime back above " + runtimeLowSeconds + " s" : "mains restored");
        }
    }

    /**
     * Takes the conditions that were open when this gateway last reported on the UPS (its retained status
     * from before a restart) as already raised: the first poll then clears what ended meanwhile, and does
     * not raise again what is still there. Call before the first poll.
     */
    public void restore(StatusFlags lastFlags, boolean commLost) {
        if (lastFlags != null) {
            restoreIf(AlarmType.ON_BATTERY, lastFlags.utilityFail());
            restoreIf(AlarmType.LOW_BATTERY, lastFlags.batteryLow());
            restoreIf(AlarmType.UPS_FAULT, lastFlags.upsFailed());
            restoreIf(AlarmType.SHUTDOWN_PENDING, lastFlags.shutdownActive());
        }
        restoreIf(AlarmType.COMM_LOST, commLost);
    }

    private void restoreIf(AlarmType alarm, boolean wasOn) {
        if (wasOn) {
            active.add(alarm);
        }
    }

    /** Edges when the UPS stopped (or resumed) answering. */
    public List<Edge> onCommLost(String why) {
        List<Edge> edges = new ArrayList<>();
        level(edges, AlarmType.COMM_LOST, true, "communication lost: " + why);
        return edges;
    }

    /** A battery test that drags a cell under the replace threshold means a worn battery. */
    private void batteryTest(List<Edge> edges, boolean testing, Double reportedVolts) {
        if (testing) {
            testRunning = true;
            if (reportedVolts != null) {
                lowestCellDuringTest = Math.min(lowestCellDuringTest, battery.cellVolts(reportedVolts));
            }
        } else if (testRunning) {
            testRunning = false;
            boolean weak = lowestCellDuringTest < replaceCellVoltage;
            level(edges, AlarmType.REPLACE_BATTERY, weak, weak
                    ? String.format("battery test dropped to %.2f V/cell (threshold %.2f): replace the battery", lowestCellDuringTest, replaceCellVoltage)
                    : "battery test passed");
            lowestCellDuringTest = Double.MAX_VALUE;
        }
    }

    private void level(List<Edge> edges, AlarmType alarm, boolean on, String message) {
        if (on && active.add(alarm)) {
            edges.add(new Edge(alarm, AlarmState.RAISED, message));
        } else if (!on && active.remove(alarm)) {
            edges.add(new Edge(alarm, AlarmState.CLEARED, message));
        }
    }

    public Set<AlarmType> active() {
        return EnumSet.copyOf(active.isEmpty() ? EnumSet.noneOf(AlarmType.class) : active);
    }
}
