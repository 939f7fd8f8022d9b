package io.upsfleet.simulator;

/** How a simulated UPS misbehaves on the line, to exercise the gateway's robustness. */
public enum FaultMode {
    /** Answers like a healthy unit. */
    NONE,
    /** Answers every request with random bytes and a CR. */
    GARBAGE,
    /** Never answers (a dead unit or a cut cable). */
    SILENCE,
    /** Sends only the first half of a reply, then the CR. */
    TRUNCATED,
    /** Answers correctly but only after {@code slowMillis}. */
    SLOW,
    /** Puts line noise in front of an otherwise good reply. */
    NOISE
}
