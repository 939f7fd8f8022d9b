package io.upsfleet.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandArgumentsTest {

    private static List<String> broken(CommandType c, Integer test, Double shutdown, Integer restore) {
        return CommandArguments.check(c, test, shutdown, restore).stream().map(CommandArguments.Violation::argument).toList();
    }

    @Test
    void acceptsTheBoundariesOfEveryArgument() {
        assertEquals(List.of(), broken(CommandType.BATTERY_TEST_TIMED, 1, null, null));
        assertEquals(List.of(), broken(CommandType.BATTERY_TEST_TIMED, 99, null, null));
        assertEquals(List.of(), broken(CommandType.SHUTDOWN, null, 0.2, null));
        assertEquals(List.of(), broken(CommandType.SHUTDOWN, null, 0.9, null));
        assertEquals(List.of(), broken(CommandType.SHUTDOWN, null, 1.0, null));
        assertEquals(List.of(), broken(CommandType.SHUTDOWN, null, 10.0, null));
        assertEquals(List.of(), broken(CommandType.SHUTDOWN_RESTORE, null, 0.5, 1));
        assertEquals(List.of(), broken(CommandType.SHUTDOWN_RESTORE, null, 0.5, 9999));
        assertEquals(List.of(), broken(CommandType.BEEPER_TOGGLE, null, null, null));
    }

    @Test
    void namesTheArgumentThatIsMissingOutOfRangeOrNotTaken() {
        assertEquals(List.of("testMinutes"), broken(CommandType.BATTERY_TEST_TIMED, null, null, null));
        assertEquals(List.of("testMinutes"), broken(CommandType.BATTERY_TEST_TIMED, 0, null, null));
        assertEquals(List.of("testMinutes"), broken(CommandType.BATTERY_TEST_TIMED, 100, null, null));
        assertEquals(List.of("shutdownMinutes"), broken(CommandType.SHUTDOWN, null, 0.1, null));
        assertEquals(List.of("shutdownMinutes"), broken(CommandType.SHUTDOWN, null, 0.25, null));
        assertEquals(List.of("shutdownMinutes"), broken(CommandType.SHUTDOWN, null, 1.5, null));
        assertEquals(List.of("shutdownMinutes"), broken(CommandType.SHUTDOWN, null, 11.0, null));
        assertEquals(List.of("restoreMinutes"), broken(CommandType.SHUTDOWN_RESTORE, null, 2.0, 0));
        assertEquals(List.of("restoreMinutes"), broken(CommandType.SHUTDOWN_RESTORE, null, 2.0, 10000));
        assertEquals(List.of("restoreMinutes"), broken(CommandType.SHUTDOWN, null, 2.0, 5));
        assertEquals(List.of("testMinutes"), broken(CommandType.BEEPER_TOGGLE, 5, null, null));
        assertEquals(List.of("shutdownMinutes", "restoreMinutes"), broken(CommandType.SHUTDOWN_RESTORE, null, null, null));
    }

    @Test
    void shutdownDelaysAreEncodedAsTheUpsReadsThem() {
        assertEquals(".2", CommandArguments.shutdownCode(0.2));
        assertEquals(".3", CommandArguments.shutdownCode(0.1 + 0.2));
        assertEquals("01", CommandArguments.shutdownCode(1));
        assertEquals("10", CommandArguments.shutdownCode(10));
        assertEquals(0.3, CommandArguments.normalizeShutdownMinutes(0.1 + 0.2));
        assertThrows(IllegalArgumentException.class, () -> CommandArguments.shutdownCode(0.95));
        assertTrue(CommandArguments.isShutdownMinutes(0.7));
        assertFalse(CommandArguments.isShutdownMinutes(0));
    }
}
