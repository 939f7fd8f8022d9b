package io.upsfleet.nut;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.nut.support.Bus;
import io.upsfleet.nut.support.NutPortResource;
import io.upsfleet.nut.support.NutTools;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's upscmd lists and runs every instant command; each one reaches the UPS's command topic as the
 * CommandRequest the gateway expects, with the NUT user as requestedBy. Wrong credentials and missing
 * permissions get upsd's errors and send nothing; -w (tracking) waits for the gateway's result.
 */
@QuarkusTest
@QuarkusTestResource(value = NutPortResource.class, restrictToAnnotatedClass = true)
class UpscmdRunsInstantCommandsTest {

    private static final String UPS = Bus.unit("nut-cmd");
    private static Bus bus;
    private static List<String[]> commands;

    @ConfigProperty(name = "upsfleet.nut.port")
    int port;

    @BeforeAll
    static void connect() {
        bus = new Bus();
        commands = bus.listen(Topics.command(UPS));
    }

    @AfterAll
    static void clear() {
        bus.close();
    }

    @BeforeEach
    void freshUnit() {
        bus.online(UPS, "00001000", 230.0); // beeper off
        commands.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> NutTools.upsc(UPS + "@127.0.0.1:" + port, "ups.status").exit() == 0);
    }

    private String target() {
        return UPS + "@127.0.0.1:" + port;
    }

    private CommandRequest run(String user, String password, String command, String... value) {
        int before = commands.size();
        List<String> args = new java.util.ArrayList<>(List.of("-u", user, "-p", password, target(), command));
        args.addAll(List.of(value));
        NutTools.Run run = NutTools.upscmd(args.toArray(String[]::new));
        assertEquals(0, run.exit(), command + ": " + run.all());
        assertTrue(run.err().contains("OK"), run.all()); // upscmd reports on stderr
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.size() > before);
        return Json.parse(commands.get(commands.size() - 1)[1], CommandRequest.class);
    }

    @Test
    void upscmdListsTheCommandsOfAMegatecUnit() {
        NutTools.Run run = NutTools.upscmd("-l", target());
        assertEquals(0, run.exit(), run.all());
        Set<String> listed = new TreeSet<>();
        for (String line : run.out().split("\n")) {
            if (line.contains(" - ")) {
                listed.add(line.substring(0, line.indexOf(" - ")));
            }
        }
        assertEquals(new TreeSet<>(List.of("beeper.disable", "beeper.enable", "beeper.toggle", "load.off", "load.off.delay", "load.on",
                "shutdown.return", "shutdown.stayoff", "shutdown.stop", "test.battery.start", "test.battery.start.deep",
                "test.battery.start.quick", "test.battery.stop")), listed);
        assertTrue(run.out().contains("load.off - Turn off the load immediately"), run.out());
    }

    @Test
    void everyInstantCommandBecomesTheMatchingCommandRequestAuditedWithTheNutUser() {
        expect(run("admin", "test-admin-pw", "test.battery.start.quick"), CommandType.BATTERY_TEST_QUICK, null, null, null);
        expect(run("admin", "test-admin-pw", "test.battery.start.deep"), CommandType.BATTERY_TEST_DEEP, null, null, null);
        expect(run("admin", "test-admin-pw", "test.battery.start", "300"), CommandType.BATTERY_TEST_TIMED, 5, null, null);
        expect(run("admin", "test-admin-pw", "test.battery.start"), CommandType.BATTERY_TEST_TIMED, 10, null, null);
        expect(run("admin", "test-admin-pw", "test.battery.stop"), CommandType.CANCEL_TEST, null, null, null);
        expect(run("admin", "test-admin-pw", "beeper.toggle"), CommandType.BEEPER_TOGGLE, null, null, null);
        expect(run("admin", "test-admin-pw", "beeper.enable"), CommandType.BEEPER_TOGGLE, null, null, null);
        expect(run("admin", "test-admin-pw", "shutdown.return"), CommandType.SHUTDOWN_RESTORE, null, 0.5, 3);
        expect(run("admin", "test-admin-pw", "shutdown.return", "120"), CommandType.SHUTDOWN_RESTORE, null, 2.0, 3);
        expect(run("admin", "test-admin-pw", "shutdown.stayoff"), CommandType.SHUTDOWN_STAYOFF, null, 0.5, null);
        expect(run("admin", "test-admin-pw", "shutdown.stop"), CommandType.CANCEL_SHUTDOWN, null, null, null);
        expect(run("admin", "test-admin-pw", "load.off"), CommandType.LOAD_OFF, null, null, null);
        expect(run("admin", "test-admin-pw", "load.off.delay", "12"), CommandType.SHUTDOWN_STAYOFF, null, 0.2, null);
        expect(run("admin", "test-admin-pw", "load.on"), CommandType.CANCEL_SHUTDOWN, null, null, null);
        expect(run("tester", "test-tester-pw", "beeper.toggle"), CommandType.BEEPER_TOGGLE, null, null, null);
    }

    private static void expect(CommandRequest r, CommandType type, Integer testMinutes, Double shutdownMinutes, Integer restoreMinutes) {
        assertEquals(type, r.command(), r.toString());
        assertEquals(UPS, r.upsId());
        assertEquals(testMinutes, r.testMinutes(), r.toString());
        assertEquals(shutdownMinutes, r.shutdownMinutes(), r.toString());
        assertEquals(restoreMinutes, r.restoreMinutes(), r.toString());
        assertTrue(List.of("admin", "tester").contains(r.requestedBy()), r.toString());
        assertTrue(Duration.between(r.ts(), Instant.now()).abs().toSeconds() < 10, r.toString());
    }

    @Test
    void beeperDisableOnADisabledBeeperSendsNothing() throws Exception {
        NutTools.Run run = NutTools.upscmd("-u", "admin", "-p", "test-admin-pw", target(), "beeper.disable");
        assertEquals(0, run.exit(), run.all());
        Thread.sleep(500);
        assertTrue(commands.isEmpty(), "nothing to toggle: " + commands.size());
    }

    @Test
    void wrongCredentialsAndMissingPermissionsGetUpsdsErrorsAndSendNothing() throws Exception {
        NutTools.Run wrong = NutTools.upscmd("-u", "admin", "-p", "not-the-password", target(), "load.off");
        assertTrue(wrong.err().contains("ERR ACCESS-DENIED"), wrong.all());
        NutTools.Run unknownUser = NutTools.upscmd("-u", "mallory", "-p", "test-admin-pw", target(), "load.off");
        assertTrue(unknownUser.err().contains("ERR ACCESS-DENIED"), unknownUser.all());
        NutTools.Run notAllowed = NutTools.upscmd("-u", "tester", "-p", "test-tester-pw", target(), "load.off");
        assertTrue(notAllowed.err().contains("ERR ACCESS-DENIED"), notAllowed.all());
        NutTools.Run monitor = NutTools.upscmd("-u", "monitor", "-p", "test-monitor-pw", target(), "shutdown.return");
        assertTrue(monitor.err().contains("ERR ACCESS-DENIED"), monitor.all());
        NutTools.Run unknownCommand = NutTools.upscmd("-u", "admin", "-p", "test-admin-pw", target(), "outlet.1.off");
        assertTrue(unknownCommand.err().contains("ERR CMD-NOT-SUPPORTED"), unknownCommand.all());
        NutTools.Run badValue = NutTools.upscmd("-u", "admin", "-p", "test-admin-pw", target(), "test.battery.start", "30");
        assertTrue(badValue.err().contains("ERR INVALID-ARGUMENT"), badValue.all());
        NutTools.Run badDelay = NutTools.upscmd("-u", "admin", "-p", "test-admin-pw", target(), "shutdown.return", "45");
        assertTrue(badDelay.err().contains("ERR INVALID-ARGUMENT"), badDelay.all());
        Thread.sleep(500);
        assertTrue(commands.isEmpty(), "nothing was sent: " + commands.size());
    }

    @Test
    void upscmdWaitsForTheGatewaysResultWithTracking() {
        List<String[]> requests = commands;
        Thread gateway = new Thread(() -> answer(requests, CommandOutcome.DONE));
        gateway.start();
        NutTools.Run done = NutTools.upscmd("-w", "-t", "10", "-u", "admin", "-p", "test-admin-pw", target(), "beeper.toggle");
        assertEquals(0, done.exit(), done.all());
        assertTrue(done.err().contains("SUCCESS"), done.all());

        commands.clear();
        Thread refusing = new Thread(() -> answer(requests, CommandOutcome.TIMEOUT));
        refusing.start();
        NutTools.Run failed = NutTools.upscmd("-w", "-t", "10", "-u", "admin", "-p", "test-admin-pw", target(), "beeper.toggle");
        assertTrue(failed.err().contains("ERR FAILED"), failed.all());
    }

    /** The gateway's part: ACCEPTED, then a final outcome, for the next request that arrives. */
    private static void answer(List<String[]> requests, CommandOutcome outcome) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
        CommandRequest r = Json.parse(requests.get(0)[1], CommandRequest.class);
        try (Bus gw = new Bus()) {
            gw.publish(Topics.commandResult(UPS), new CommandResult(1, r.commandId(), UPS, Bus.GATEWAY, r.command(),
                    CommandOutcome.ACCEPTED, null, Instant.now()));
            gw.publish(Topics.commandResult(UPS), new CommandResult(1, r.commandId(), UPS, Bus.GATEWAY, r.command(),
                    outcome, null, Instant.now()));
        }
    }
}
