package io.upsfleet.contracts;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextTest {

    private static final Instant TS = Instant.parse("2026-11-24T10:15:30Z");

    @Test
    void freeTextWithControlCharactersOrLoneSurrogatesIsRefusedNamingTheField() {
        InvalidPayloadException nul = assertThrows(InvalidPayloadException.class, () -> new AlarmEvent(1, "e-1", "ups-1",
                "gw-1", TS, AlarmType.ON_BATTERY, AlarmEvent.AlarmState.RAISED, null, "on battery\u0000"));
        assertTrue(nul.getMessage().contains("'message'") && nul.getMessage().contains("U+0000"), nul.getMessage());
        assertThrows(InvalidPayloadException.class, () -> new CommandResult(1, "c", "ups-1", "gw-1", null,
                CommandOutcome.DONE, "half a pair \ud800", TS));
        assertThrows(InvalidPayloadException.class, () -> new CommandRequest(1, "c", "ups-1", CommandType.BEEPER_TOGGLE,
                null, null, null, "x".repeat(Text.USER_MAX + 1), TS));
        assertThrows(InvalidPayloadException.class, () -> new Identity(1, "ups-1", "gw-1", TS, "ACME\u001b[2J", null, null,
                null, null, null, null));
    }

    @Test
    void printableTextAndSurrogatePairsAreAccepted() {
        assertNull(Text.problem("Input 230.1 V — ok \uD83D\uDD0B", Text.MESSAGE_MAX));
        assertEquals("on battery", new AlarmEvent(1, "e-1", "ups-1", "gw-1", TS, AlarmType.ON_BATTERY,
                AlarmEvent.AlarmState.RAISED, null, "on battery").message());
    }

    @Test
    void aReadingWhoseFlagsHoldANulIsRefusedWithAStorableReason() {
        String json = "{\"v\":1,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"ts\":\"2026-11-24T10:15:30Z\",\"flags\":\"0000100\\u0000\"}";
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class, () -> Json.parse(json, Reading.class));
        assertNull(Text.problem(e.getMessage(), InvalidPayloadException.MESSAGE_MAX), e.getMessage());
        assertTrue(e.getMessage().contains("0000100\\u0000"), e.getMessage());
    }

    @Test
    void aJsonNullIsRefusedNotReturned() {
        assertThrows(InvalidPayloadException.class, () -> Json.parse("null", Reading.class));
        assertThrows(InvalidPayloadException.class, () -> Json.parse(" null ", AlarmEvent.class));
    }

    @Test
    void statusTokensAreUpperCaseWords() {
        String json = "{\"v\":1,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"ts\":\"2026-11-24T10:15:30Z\",\"comm\":\"OK\","
                + "\"status\":[\"OL\",\"a\\u001fb\"]}";
        assertThrows(InvalidPayloadException.class, () -> Json.parse(json, UpsStatus.class));
    }

    @Test
    void printableCutsLongTextAndEscapesWhatCannotBeShown() {
        assertEquals("ab\\u0000c", Text.printable("ab\u0000c", 100));
        assertEquals("aaaaaaa...", Text.printable("a".repeat(50), 10));
        assertEquals(10, Text.printable("\u0000".repeat(50), 10).length());
        assertEquals(10, Text.printable("\u0000\u0000", 10).length());
        assertEquals("0123456789", Text.printable("0123456789", 10));
    }
}
