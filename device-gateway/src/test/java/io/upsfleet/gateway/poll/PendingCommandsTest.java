package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.StatusFlags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PendingCommandsTest {

    private static CommandRequest command(String id, CommandType type) {
        return new CommandRequest(1, id, "ups-1", type, null, type == CommandType.SHUTDOWN ? 1.0 : null, null, "alice",
                Instant.now());
    }

    @Test
    void aCommandIsDoneWhenTheFlagsShowItsEffectAndOnlyThen() {
        PendingCommands pending = new PendingCommands(Duration.ofSeconds(10));
        pending.await(command("test", CommandType.BATTERY_TEST_QUICK), StatusFlags.parse("00001000"), 0);
        pending.await(command("off", CommandType.SHUTDOWN), StatusFlags.parse("00001000"), 0);

        assertEquals(List.of(), pending.confirmedBy(StatusFlags.parse("00001000")));
        List<PendingCommands.Settled> done = pending.confirmedBy(StatusFlags.parse("00001100"));
        assertEquals(1, done.size());
        assertEquals("test", done.get(0).request().commandId());
        assertEquals(CommandOutcome.DONE, done.get(0).outcome());
        assertEquals(List.of(), pending.confirmedBy(StatusFlags.parse("00001100")), "settled once");
    }

    @Test
    void aCommandWithoutVisibleEffectTimesOutAtItsDeadline() {
        PendingCommands pending = new PendingCommands(Duration.ofSeconds(10));
        pending.await(command("off", CommandType.SHUTDOWN), StatusFlags.parse("00001000"), 1_000);
        assertEquals(List.of(), pending.expired(10_999));
        List<PendingCommands.Settled> expired = pending.expired(11_000);
        assertEquals(CommandOutcome.TIMEOUT, expired.get(0).outcome());
        assertEquals(List.of(), pending.expired(99_000));
    }

    @Test
    void aBeeperToggleIsConfirmedByTheBeeperBitChanging() {
        PendingCommands pending = new PendingCommands(Duration.ofSeconds(10));
        StatusFlags beeperOn = StatusFlags.parse("00001001");
        pending.await(command("beep", CommandType.BEEPER_TOGGLE), beeperOn, 0);
        assertEquals(List.of(), pending.confirmedBy(beeperOn));
        assertEquals(1, pending.confirmedBy(StatusFlags.parse("00001000")).size());
    }
}
