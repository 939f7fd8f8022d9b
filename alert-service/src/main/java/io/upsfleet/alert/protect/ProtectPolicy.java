package io.upsfleet.alert.protect;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.NutLoginBook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * What a due sequence publishes now: a notice not yet out, and the command once the grace is over or
     * the NUT hosts it started with have all logged out; {@code why} says which, for the log.
     */
    public record Step(Optional<HostShutdownNotice> notice, Optional<CommandRequest> command, String why) {
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
     * @param nutHosts  the hosts logged in to the UPS over NUT now
     */
    public static Optional<Change> onEdge(String upsId, AlertConfig.Protect settings, Set<AlarmType> raised,
                                          Optional<Sequence> active, Instant now, String noticeId, int nutHosts) {
        boolean onBattery = raised.contains(AlarmType.ON_BATTERY);
        boolean batteryLow = raised.contains(AlarmType.LOW_BATTERY);
        boolean low = batteryLow || raised.contains(AlarmType.RUNTIME_LOW);
        if (onBattery && low && active.isEmpty()) {
            Duration grace = settings.grace();
            Sequence started = new Sequence(noticeId, upsId, Sequence.State.GRACE, HostShutdownNotice.Action.SHUTDOWN,
                    now, now.plus(grace), (int) grace.toSeconds(), settings.shutdownDelay(), settings.restoreMinutes(),
                    false, nutHosts);
            return Optional.of(new Change.Start(started, "on battery and " + (batteryLow ? "battery low" : "runtime low")
                    + ": hosts get " + grace.toSeconds() + " s" + (nutHosts > 0 ? " (or until the " + nutHosts
                    + " NUT host(s) logged in have logged out)" : "") + ", then S" + settings.shutdownDelay() + "R"
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

    /**
     * @param nutHostsNow the hosts logged in to the UPS over NUT now: once a sequence that started with some
     *                    has none left (their upsmon shut them down and logged out), the command need not wait
     *                    for the end of the grace time
     */
    public static Step next(Sequence s, Instant now, List<NutLoginBook.Host> nutHostsNow) {
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
        String why = null;
        boolean graceOver = !s.graceUntil().isAfter(now);
        boolean hostsGone = s.nutHostsAtStart() > 0 && nutHostsNow.isEmpty() && (s.noticePublished() || notice.isPresent());
        if (s.state() == Sequence.State.GRACE && (graceOver || hostsGone)) {
            command = Optional.of(new CommandRequest(CommandRequest.VERSION, s.noticeId() + "-cmd", s.upsId(),
                    CommandType.SHUTDOWN_RESTORE, null, s.shutdownMinutes(), s.restoreMinutes(), REQUESTED_BY, now));
            why = hostsGone && !graceOver
                    ? "all " + s.nutHostsAtStart() + " NUT host(s) logged out before the grace ended"
                    : "grace time over" + (nutHostsNow.isEmpty() ? "" : "; still logged in over NUT: " + nutHostsNow.stream()
                    .map(h -> h.address() + (h.user() == null ? "" : " (" + h.user() + ")")).toList());
        }
        return new Step(notice, command, why);
    }
}
