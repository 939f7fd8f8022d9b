package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrackingTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aTrackedCommandIsPendingUntilAFinalResultInNutsWords() {
        Tracking t = new Tracking(10, Duration.ofHours(1));
        for (CommandOutcome outcome : CommandOutcome.values()) {
            t.pending("c-" + outcome, T);
            assertEquals("PENDING", t.get("c-" + outcome, T));
            t.result("c-" + outcome, CommandOutcome.ACCEPTED);
            assertEquals("PENDING", t.get("c-" + outcome, T));
            t.result("c-" + outcome, outcome);
        }
        assertEquals("SUCCESS", t.get("c-DONE", T));
        assertEquals("ERR FAILED", t.get("c-REJECTED", T));
        assertEquals("ERR FAILED", t.get("c-TIMEOUT", T));
        assertEquals("ERR INVALID-ARGUMENT", t.get("c-UNSUPPORTED", T));
        assertEquals("ERR UNKNOWN", t.get("never-sent", T));
    }

    @Test
    void entriesAreForgottenAfterTheirTimeOrWhenTooMany() {
        Tracking t = new Tracking(2, Duration.ofHours(1));
        t.pending("a", T);
        assertEquals("ERR UNKNOWN", t.get("a", T.plus(Duration.ofMinutes(61))));
        t.pending("b", T);
        t.pending("c", T);
        assertEquals("ERR UNKNOWN", t.get("a", T), "the oldest went first");
        assertEquals("PENDING", t.get("c", T));
        t.result("untracked", CommandOutcome.DONE);
        assertEquals("ERR UNKNOWN", t.get("untracked", T), "results of commands nobody tracks are not kept");
    }
}
