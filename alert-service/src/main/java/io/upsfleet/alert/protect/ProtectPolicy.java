package io.upsfleet.alert.protect;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.HostShutdownNotice;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a protective shutdown starts, ends, and what each due sequence publishes next: decisions over plain
 * facts (no database, no broker). {@link ProtectiveActions} loads the facts and carries the decisions out.
 */
public final class ProtectPolicy {

    public static final String REQUESTED_BY = "alert-service";

    /** The alarms that can start or end a sequence. */
    private static final Set<AlarmType> CONCERNED = Set.of(AlarmType.ON_BATTERY, AlarmType.LOW_BATTERY, AlarmType.RUNTIME_LOW);

    /** What an edge does to the UPS's sequence. */
    public sealed interface Change {
        /** A new sequence, recorded as step STARTED with {@code detail}. */
        record Start(Sequence sequence, String detail) implements Change {
        }

        /** The active sequence ends in {@code state}, recorded as {@code step}; its notice becomes CANCELLED. */
        record End(String noticeId, Sequence.State state, String step, String detail) implements Change {
        }
    }

    /** What a due sequence publishes now: a notice not yet out, and the command once the grace is over. */
    public record Step(Optional<HostShutdownNotice> notice, Optional<CommandRequest> command) {
    }

    private ProtectPolicy() {
    }

    public static boolean concerns(AlarmType alarm) {
        return CONCERNED.contains(alarm);
    }

    /** The protect settings of a UPS: its own key, else the longest matching {@code prefix*} key. */
    public static Optional<AlertConfig.Protect> settingsFor(Map<String, AlertConfig.Protect> all, String upsId) {
        AlertConfig.Protect exact = all.get(upsId);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String key : all.keySet()) {
            if (key.endsWith("*") && upsId.startsWith(key.substring(0, key.length() - 1))
                    && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return Optional.ofNullable(best == null ? null : all.get(best));
    }

    /**
     * A sequence starts when the UPS is on battery and either its battery is low or its estimated runtime is
     * under its threshold (RUNTIME_LOW, set on the gateway); it ends when mains is back.
     *
     * @param raised    the alarms the UPS has raised now, this edge included
     * @param active    its sequence in GRACE or COMMANDED, if any
     * @param noticeId  the id a new sequence gets
     */
    public static Optional<Change> onEdge(String upsId, AlertConfig.Protect settings, Set<AlarmType> raised,
                                          Optional<Sequence> active, Instant now, String noticeId) {
        boolean onBattery = raised.contains(AlarmType.ON_BATTERY);
        boolean batteryLow = raised.contains(AlarmType.LOW_BATTERY);
        boolean low = batteryLow || raised.contains(AlarmType.RUNTIME_LOW);
        if (onBattery && low && active.isEmpty()) {
            Duration grace = settings.grace();
            Sequence started = new Sequence(noticeId, upsId, Sequence.State.GRACE, HostShutdownNotice.Action.SHUTDOWN,
                    now, now.plus(grace), (int) grace.toSeconds(), settings.shutdownDelay(), settings.restoreMinutes(),
                    false);
            return Optional.of(new Change.Start(started, "on battery and " + (batteryLow ? "battery low" : "runtime low")
                    + ": hosts get " + grace.toSeconds() + " s, then S" + settings.shutdownDelay() + "R"
                    + settings.restoreMinutes()));
        }
        if (!onBattery && active.isPresent()) {
            boolean inGrace = active.get().state() == Sequence.State.GRACE;
            return Optional.of(inGrace
                    ? new Change.End(active.get().noticeId(), Sequence.State.CANCELLED, "CANCELLED",
                    "mains back within the grace time: no shutdown command")
                    : new Change.End(active.get().noticeId(), Sequence.State.DONE, "MAINS_RESTORED",
                    "mains back after the shutdown command: host-shutdown notice withdrawn"));
        }
        return Optional.empty();
    }

    public static Step next(Sequence s, Instant now) {
        Optional<HostShutdownNotice> notice = Optional.empty();
        if (!s.noticePublished()) {
            boolean shutdown = s.noticeAction() == HostShutdownNotice.Action.SHUTDOWN;
            int remaining = (int) Math.max(0, Duration.between(now, s.graceUntil()).toSeconds());
            notice = Optional.of(new HostShutdownNotice(HostShutdownNotice.VERSION, s.noticeId(), s.upsId(), now,
                    s.noticeAction(), shutdown ? remaining : null, shutdown
                    ? "UPS " + s.upsId() + " is on battery and its battery is low or its runtime short: shut down now"
                    : "mains power is back: shutdown cancelled"));
        }
        Optional<CommandRequest> command = Optional.empty();
        if (s.state() == Sequence.State.GRACE && !s.graceUntil().isAfter(now)) {
            command = Optional.of(new CommandRequest(CommandRequest.VERSION, s.noticeId() + "-cmd", s.upsId(),
                    CommandType.SHUTDOWN_RESTORE, null, s.shutdownMinutes(), s.restoreMinutes(), REQUESTED_BY, now));
        }
        return new Step(notice, command);
    }
}
