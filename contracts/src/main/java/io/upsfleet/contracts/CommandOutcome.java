package io.upsfleet.contracts;

/** What became of a command. ACCEPTED is interim; the others are final. */
public enum CommandOutcome {
    /** Sent to the UPS; confirmation by the next status flags is pending. */
    ACCEPTED,
    /** Confirmed (by the flags where the protocol shows it, otherwise by a clean send). */
    DONE,
    /** Invalid arguments or a UPS that cannot take commands now; never sent. */
    REJECTED,
    /** The UPS does not know the command (it echoed it or stayed silent). */
    UNSUPPORTED,
    /** No confirmation in time, or the UPS was unreachable. */
    TIMEOUT;

    public boolean isFinal() {
        return this != ACCEPTED;
    }
}
