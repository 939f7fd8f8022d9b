package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * INSTCMD tracking (NUT 2.8's SET TRACKING ON / GET TRACKING &lt;id&gt;): the tracking id is the command id, and
 * its state follows the gateway's CommandResults. Entries are forgotten after {@code keep} (upsd: one hour) or
 * when more than {@code capacity} are held (oldest first). Thread-safe.
 */
public final class Tracking {

    private record Entry(String answer, Instant created) {
    }

    private final Map<String, Entry> entries;
    private final Duration keep;

    public Tracking(int capacity, Duration keep) {
        this.keep = keep;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A command was sent; its answer is PENDING until a final result arrives. */
    public synchronized void pending(String id, Instant now) {
        entries.put(id, new Entry("PENDING", now));
    }

    /** Nothing had to be sent: the command is done already. */
    public synchronized void succeeded(String id, Instant now) {
        entries.put(id, new Entry("SUCCESS", now));
    }

    /** A gateway result for {@code id}: only final outcomes of tracked commands change anything. */
    public synchronized void result(String id, CommandOutcome outcome) {
        Entry e = entries.get(id);
        if (e != null && outcome.isFinal()) {
            entries.put(id, new Entry(answer(outcome), e.created()));
        }
    }

    /**
     * NUT's words: DONE is SUCCESS; the UPS not knowing the command is an invalid command (INVALID-ARGUMENT, as
     * NUT drivers report an unsupported one); refused or never confirmed is FAILED.
     */
    static String answer(CommandOutcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> "PENDING";
            case DONE -> "SUCCESS";
            case UNSUPPORTED -> "ERR INVALID-ARGUMENT";
            case REJECTED, TIMEOUT -> "ERR FAILED";
        };
    }

    /** GET TRACKING &lt;id&gt;: PENDING, SUCCESS, ERR ..., or ERR UNKNOWN for an id not (or no longer) known. */
    public synchronized String get(String id, Instant now) {
        Entry e = entries.get(id);
        if (e == null || e.created().plus(keep).isBefore(now)) {
            return "ERR UNKNOWN";
        }
        return e.answer();
    }
}
