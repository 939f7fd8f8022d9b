package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.StatusFlags;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Commands a UPS took silently (Megatec commands have no reply), waiting for the Q1 status flags to show
 * their effect: DONE when a poll shows it, TIMEOUT when none did within the confirmation time. Pure logic,
 * driven by the poller's replies and clock.
 */
final class PendingCommands {

    /** A command whose fate is known. */
    record Settled(CommandRequest request, CommandOutcome outcome, String detail) {
    }

    private record Pending(CommandRequest request, Predicate<StatusFlags> effect, long deadlineMillis) {
    }

    private final Duration confirmTimeout;
    private final List<Pending> pending = new ArrayList<>();

    PendingCommands(Duration confirmTimeout) {
        this.confirmTimeout = confirmTimeout;
    }

    /** Waits for the effect of {@code request}, sent when the flags were {@code before}. */
    void await(CommandRequest request, StatusFlags before, long nowMillis) {
        pending.add(new Pending(request, effect(request.command(), before), nowMillis + confirmTimeout.toMillis()));
    }

    /** The commands these flags confirm (removed from the waiting list). */
    List<Settled> confirmedBy(StatusFlags flags) {
        List<Settled> done = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.effect().test(flags)) {
                it.remove();
                done.add(new Settled(p.request(), CommandOutcome.DONE, "confirmed by status flags " + flags.bits()));
            }
        }
        return done;
    }

    /** The commands whose confirmation time is over at {@code nowMillis} (removed from the waiting list). */
    List<Settled> expired(long nowMillis) {
        List<Settled> expired = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (nowMillis >= p.deadlineMillis()) {
                it.remove();
                expired.add(new Settled(p.request(), CommandOutcome.TIMEOUT, "no effect seen in the status flags within "
                        + confirmTimeout.toSeconds() + " s (the UPS may ignore this command silently)"));
            }
        }
        return expired;
    }

    /** What the next Q1 flags show when the command took effect. */
    static Predicate<StatusFlags> effect(CommandType command, StatusFlags before) {
        return switch (command) {
            case BATTERY_TEST_QUICK, BATTERY_TEST_DEEP, BATTERY_TEST_TIMED -> StatusFlags::testInProgress;
            case CANCEL_TEST -> f -> !f.testInProgress();
            case BEEPER_TOGGLE -> f -> before == null || f.beeperOn() != before.beeperOn();
            case SHUTDOWN, SHUTDOWN_RESTORE, SHUTDOWN_STAYOFF, LOAD_OFF -> StatusFlags::shutdownActive;
            case CANCEL_SHUTDOWN -> f -> !f.shutdownActive();
        };
    }
}
