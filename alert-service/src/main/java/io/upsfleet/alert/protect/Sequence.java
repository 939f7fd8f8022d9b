package io.upsfleet.alert.protect;

import io.upsfleet.contracts.HostShutdownNotice;

import java.time.Instant;

/**
 * A row of protect_sequence: one protective shutdown of one UPS, GRACE -> COMMANDED -> DONE, or
 * GRACE -> CANCELLED.
 *
 * @param noticeId        the sequence's id (also the id of its host-shutdown notices)
 * @param noticeAction    the host-shutdown notice it stands for now: SHUTDOWN, then CANCELLED once it ends
 * @param noticePublished whether that notice is out (retained on the UPS's host-shutdown topic)
 * @param nutHostsAtStart hosts logged in to the UPS over NUT when the sequence started
 */
public record Sequence(String noticeId, String upsId, State state, HostShutdownNotice.Action noticeAction,
                       Instant startedAt, Instant graceUntil, int graceSeconds, double shutdownMinutes,
                       int restoreMinutes, boolean noticePublished, int nutHostsAtStart) {

    public enum State {
        /** Hosts were told to shut down; the UPS command waits for the end of the grace time. */
        GRACE,
        COMMANDED,
        /** Mains came back after the command. */
        DONE,
        /** Mains came back within the grace time: no command. */
        CANCELLED
    }
}
