package io.upsfleet.alert.notify;

/** What an alarm edge (or the end of a flap) did; counted per outcome. */
public enum Outcome {
    /** Same eventId seen before (redelivery). */
    DUPLICATE,
    /** Older than the last edge taken for this (UPS, alarm). */
    STALE,
    /** RAISED while already raised, or CLEARED while already clear. */
    REPEATED_STATE,
    /** Raised, waiting for the debounce. */
    PENDING,
    /** Cleared within the debounce: nobody is told. */
    DISMISSED,
    /** Cleared after notices went out: a clear notice is queued. */
    CLEARED,
    /** Cleared with no alert open (e.g. after flapping). */
    CLEARED_SILENT,
    FLAPPING_STARTED,
    /** An edge while flapping: recorded, nobody told. */
    SUPPRESSED
}
