package io.upsfleet.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogEntryTest {

    private static final Instant TS = Instant.parse("2026-11-24T10:15:30Z");

    @Test
    void commandRequestsAndResultsHaveDeterministicIdsPerOutcome() {
        CommandRequest request = new CommandRequest(1, "c-1", "ups-1", CommandType.BEEPER_TOGGLE, null, null, null, "alice", TS);
        CommandResult done = new CommandResult(1, "c-1", "ups-1", "gw-1", CommandType.BEEPER_TOGGLE, CommandOutcome.DONE,
                "beeper off", TS);
        assertEquals("cmd-c-1-REQUESTED", request.logId());
        assertEquals("cmd-c-1-DONE", done.logId());
        assertEquals("BEEPER_TOGGLE requested by alice", request.logMessage());
        assertEquals("BEEPER_TOGGLE DONE: beeper off", done.logMessage());
        assertEquals(Severity.WARNING, new CommandResult(1, "c-1", "ups-1", "gw-1", null, CommandOutcome.TIMEOUT, null, TS)
                .logSeverity());
    }

    @Test
    void longCommandIdsAreHashedIntoTheColumnWidth() {
        String longId = "c".repeat(64);
        String id = CommandResult.logId(longId, "UNSUPPORTED");
        assertTrue(id.length() <= 64, id);
        assertEquals(id, CommandResult.logId(longId, "UNSUPPORTED"));
        assertTrue(id.startsWith("cmd-") && id.endsWith("-UNSUPPORTED"), id);
    }

    @Test
    void alarmEdgesAreLoggedUnderTheirEventId() {
        AlarmEvent edge = new AlarmEvent(1, "e-1", "ups-1", "gw-1", TS, AlarmType.ON_BATTERY, AlarmEvent.AlarmState.CLEARED,
                null, null);
        assertEquals("e-1", edge.logId());
        assertEquals("ALARM_CLEARED", edge.logKind());
        assertEquals("ON_BATTERY cleared", edge.logMessage());
    }

    @Test
    void theLogMethodsAreNotPartOfTheJson() {
        String json = Json.toString(new AlarmEvent(1, "e-1", "ups-1", "gw-1", TS, AlarmType.ON_BATTERY,
                AlarmEvent.AlarmState.RAISED, null, "x"));
        assertTrue(!json.contains("logId") && !json.contains("logKind"), json);
    }
}
