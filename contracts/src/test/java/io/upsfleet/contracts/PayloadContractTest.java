package io.upsfleet.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadContractTest {

    private static final Instant TS = Instant.parse("2026-11-24T10:15:30.123Z");

    @Test
    void readingSurvivesJsonRoundTripWithDerivedTokens() {
        Reading reading = new Reading(1, "ups-1", "gw-1", TS, 208.4, 140.0, 208.4, 34, 59.9, 2.05, 35.0,
                "11000000", null, 12.5, 300);
        String json = Json.toString(reading);
        Reading back = Json.parse(json, Reading.class);
        assertEquals(reading, back);
        assertEquals(List.of("OB", "LB"), back.status());
        assertTrue(json.contains("\"ts\":\"2026-11-24T10:15:30.123Z\""), json);
    }

    @Test
    void readingWithUnknownFieldsIsAccepted() {
        String json = "{\"v\":1,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"ts\":\"2026-11-24T10:15:30Z\","
                + "\"flags\":\"00001000\",\"futureField\":42}";
        Reading r = Json.parse(json, Reading.class);
        assertEquals(List.of("OL"), r.status());
    }

    @Test
    void wellFormedJsonOfTheWrongShapeIsNotCalledMalformed() {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class, () -> Json.parse("{}", Reading.class));
        assertTrue(e.getMessage().startsWith("Reading: ") && !e.getMessage().contains("malformed"), e.getMessage());
        InvalidPayloadException type = assertThrows(InvalidPayloadException.class,
                () -> Json.parse("{\"v\":\"one\"}", Reading.class));
        assertTrue(type.getMessage().contains("one") && !type.getMessage().contains("malformed"), type.getMessage());
    }

    @Test
    void malformedJsonIsRejectedWithAClearMessage() {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                () -> Json.parse("{\"v\":1,\"upsId\":", Reading.class));
        assertTrue(e.getMessage().startsWith("Reading: malformed JSON"), e.getMessage());
    }

    @Test
    void missingRequiredFieldIsNamedInTheError() {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                () -> Json.parse("{\"v\":1,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"flags\":\"00000000\"}", Reading.class));
        assertEquals("Reading: field 'ts' is required", e.getMessage());
    }

    @Test
    void wrongVersionIsRejected() {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class,
                () -> Json.parse("{\"v\":2,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"ts\":\"2026-11-24T10:15:30Z\",\"flags\":\"00000000\"}", Reading.class));
        assertTrue(e.getMessage().contains("unsupported version v=2"), e.getMessage());
    }

    @Test
    void outOfRangeValueIsRejected() {
        assertThrows(InvalidPayloadException.class, () -> new Reading(1, "u1", "g", TS, -5.0, null, null, null,
                null, null, null, "00000000", null, null, null));
        assertThrows(InvalidPayloadException.class, () -> new Reading(1, "u1", "g", TS, null, null, null, null,
                null, null, null, "0000000x", null, null, null));
    }

    @Test
    void idsWithWildcardsOrSlashesAreRejected() {
        assertThrows(InvalidPayloadException.class, () -> Topics.reading("a/b"));
        assertThrows(InvalidPayloadException.class, () -> Topics.reading("+"));
        assertThrows(InvalidPayloadException.class, () -> Topics.reading(""));
    }

    @Test
    void topicsAreBuiltAndParsedConsistently() {
        assertEquals("upsfleet/v1/ups/ups-7/reading", Topics.reading("ups-7"));
        assertEquals("upsfleet/v1/ups/ups-7/command/result", Topics.commandResult("ups-7"));
        assertEquals("ups-7", Topics.upsIdOf(Topics.commandResult("ups-7")).orElseThrow());
        assertTrue(Topics.upsIdOf("other/ups-7/reading").isEmpty());
        assertEquals("$share/mib/upsfleet/v1/ups/+/reading", Topics.shared("mib", Topics.ALL_READINGS));
        assertEquals("reading", Topics.leafOf(Topics.reading("ups-7")));
        assertEquals("command/result", Topics.leafOf(Topics.commandResult("ups-7")));
        assertEquals(null, Topics.leafOf("upsfleet/v1/ups/ups-7"));
        assertEquals(null, Topics.leafOf("upsfleet/v1/ups/ups-7/"));
        assertEquals(null, Topics.leafOf("upsfleet/v1/ups//reading"));
        assertEquals(null, Topics.leafOf("upsfleet/v1/gateway/gw-1/availability"));
    }

    @Test
    void flagsMapToNutTokens() {
        StatusFlags flags = StatusFlags.parse("10100110");
        assertTrue(flags.utilityFail() && flags.bypassActive() && flags.testInProgress() && flags.shutdownActive());
        assertEquals(List.of("OB", "BYPASS", "CAL", "FSD"), flags.nutTokens());
        assertEquals("10100110", flags.bits());
    }

    @Test
    void commandAndResultRoundTrip() {
        CommandRequest req = new CommandRequest(1, "cmd-1", "ups-1", CommandType.SHUTDOWN_RESTORE, null, 0.5, 10, "alice", TS);
        assertEquals(req, Json.parse(Json.toBytes(req), CommandRequest.class));
        CommandResult res = new CommandResult(1, "cmd-1", "ups-1", "gw", CommandType.SHUTDOWN_RESTORE, CommandOutcome.DONE, "confirmed by flags", TS);
        assertEquals(res, Json.parse(Json.toBytes(res), CommandResult.class));
        assertThrows(InvalidPayloadException.class,
                () -> Json.parse("{\"v\":1,\"commandId\":\"c\",\"upsId\":\"u\",\"command\":\"SELF_DESTRUCT\",\"ts\":\"2026-11-24T10:15:30Z\"}", CommandRequest.class));
    }

    @Test
    void alarmGetsDefaultSeverity() {
        AlarmEvent e = new AlarmEvent(1, "e1", "u1", "g1", TS, AlarmType.LOW_BATTERY, AlarmEvent.AlarmState.RAISED, null, "battery low");
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals(e, Json.parse(Json.toBytes(e), AlarmEvent.class));
    }

    @Test
    void nutClientsSurviveJsonRoundTripOnTheirServersOwnTopic() {
        NutClients clients = new NutClients(1, "ups-1", "nut-1", TS,
                List.of(new NutClients.Client("192.0.2.7", "monitor", TS.minusSeconds(60))));
        assertEquals(clients, Json.parse(Json.toString(clients), NutClients.class));
        assertEquals("upsfleet/v1/ups/ups-1/nut-clients/nut-1", Topics.nutClients("ups-1", "nut-1"));
        assertEquals(java.util.Optional.of("ups-1"), Topics.upsIdOf(Topics.nutClients("ups-1", "nut-1")));
        assertEquals(List.of(), Json.parse("{\"v\":1,\"upsId\":\"ups-1\",\"serverId\":\"nut-1\",\"ts\":\"2026-11-24T10:15:30Z\"}",
                NutClients.class).clients(), "no clients field = nobody logged in");
        assertThrows(InvalidPayloadException.class, () -> new NutClients(1, "ups-1", "nut/1", TS, List.of()));
        assertThrows(InvalidPayloadException.class, () -> new NutClients.Client("10.0.0.1\u0000", "monitor", TS));
    }
}
