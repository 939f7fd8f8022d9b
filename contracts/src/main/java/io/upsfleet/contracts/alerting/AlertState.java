package io.upsfleet.contracts.alerting;

import java.util.EnumSet;
import java.util.Set;

/** Where an alert is in its life. */
public enum AlertState {
    /** Raised, waiting for the debounce; nobody told yet. */
    PENDING,
    /** Notified; stays until its alarm clears. */
    OPEN,
    /** The alarm changes state too often: one "flapping" notice, then quiet until it is stable. */
    FLAPPING,
    /** Cleared after it was notified (a "cleared" notice went out). */
    CLEARED,
    /** Cleared or absorbed before anybody was told. */
    DISMISSED,
    /** A flapping episode that is over. */
    ENDED;

    /** The states {@code state=open} lists: still going on. */
    public static final Set<AlertState> ACTIVE = EnumSet.of(PENDING, OPEN, FLAPPING);
    /** The states {@code state=cleared} lists: over. */
    public static final Set<AlertState> OVER = EnumSet.of(CLEARED, DISMISSED, ENDED);
}
