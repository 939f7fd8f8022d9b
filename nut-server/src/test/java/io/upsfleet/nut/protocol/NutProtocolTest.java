package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.nut.fleet.Fleet;
import io.upsfleet.nut.fleet.Logins;
import io.upsfleet.nut.server.Networks;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol against upsd's replies, on plain objects: no socket, no bus. */
class NutProtocolTest {

    private Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Fleet fleet = new Fleet();
    private final Logins logins = new Logins();
    private final Tracking tracking = new Tracking(100, Duration.ofHours(1));
    private final List<CommandRequest> sent = new ArrayList<>();
    private boolean brokerDown;
    private final Users users = Users.of(Map.of(
            "admin", new Users.Spec("apw", List.of("ALL"), List.of("SET", "FSD"), "primary"),
            "monitor", new Users.Spec("mpw", null, null, "secondary"),
            "tester", new Users.Spec("tpw", List.of("beeper.toggle"), null, null)));

    private NutProtocol protocol(boolean tls, boolean requireTls) {
        Access access = new Access(users, Networks.parse(List.of("127.0.0.0/8")), requireTls, 3);
        NutBackend.CommandSink sink = r -> {
            if (brokerDown) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            sent.add(r);
            return CompletableFuture.completedFuture(null);
        };
        return new NutProtocol(new NutBackend(fleet, logins, access, tracking, sink,
                new NutBackend.Settings(Duration.ofSeconds(15), new InstantCommands.Defaults(30, 3), tls, "9.9"), clock));
    }

    private final NutProtocol nut = protocol(false, false);

    private static Session session() {
        return new Session(1, "127.0.0.1", true);
    }

    private String ask(NutProtocol p, Session s, String line) {
        String text = p.handle(s, line).toCompletableFuture().join().text();
        return text.substring(0, text.length() - 1);
    }

    private String ask(Session s, String line) {
        return ask(nut, s, line);
    }

    private Reply reply(Session s, String line) {
        return nut.handle(s, line).toCompletableFuture().join();
    }

    private void unit(String id) {
        fleet.apply(new UpsStatus(1, id, "gw", now, UpsStatus.CommState.OK, "00001000", null, now));
        fleet.apply(new Identity(1, id, "gw", now, "ACME", "X1", "1.0", 230.0, 4.0, 24.0, 50.0));
        fleet.apply(VariablesTest.reading("00001000", 230.0, 28.0), now);
    }

    private Session loggedIn(String user, String password) {
        Session s = session();
        assertEquals("OK", ask(s, "USERNAME " + user));
        assertEquals("OK", ask(s, "PASSWORD " + password));
        return s;
    }

    @Test
    void versionHelpAndUnknownCommands() {
        Session s = session();
        assertTrue(ask(s, "VER").startsWith("upsfleet nut-server 9.9 - NUT network protocol 1.3"));
        assertEquals("1.3", ask(s, "netver"));
        assertEquals("Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS", ask(s, "HELP"));
        assertEquals("ERR INVALID-ARGUMENT", ask(s, "VER now"));
        assertEquals("ERR UNKNOWN-COMMAND", ask(s, "REQ ups-1 STATUS"));
        assertEquals("ERR UNKNOWN-COMMAND", ask(s, ""));
        assertEquals(new Reply("OK Goodbye\n", Reply.After.CLOSE), reply(s, "LOGOUT"));
    }

    @Test
    void getAnswersAndErrorsInUpsdsOrder() {
        unit("ups-1");
        Session s = session();
        assertEquals("VAR ups-1 ups.status \"OL\"", ask(s, "GET VAR ups-1 ups.status"));
        assertEquals("VAR UPS-1 ups.status \"OL\"", ask(s, "GET VAR UPS-1 ups.status"), "names match regardless of case, echoed as asked");
        assertEquals("ERR UNKNOWN-UPS", ask(s, "GET VAR ups-2 ups.status"));
        assertEquals("ERR VAR-NOT-SUPPORTED", ask(s, "GET VAR ups-1 ups.nothing"));
        assertEquals("VAR anything server.version \"9.9\"", ask(s, "GET VAR anything server.version"), "server.* for any name, as upsd");
        assertEquals("TYPE ups-1 ups.status STRING:64", ask(s, "GET TYPE ups-1 ups.status"));
        assertEquals("TYPE ups-1 ups.load NUMBER", ask(s, "GET TYPE ups-1 ups.load"));
        assertEquals("DESC ups-1 ups.status \"UPS status\"", ask(s, "GET DESC ups-1 ups.status"));
        assertEquals("DESC ups-1 x.y \"Description unavailable\"", ask(s, "GET DESC ups-1 x.y"));
        assertEquals("CMDDESC ups-1 load.on \"Turn on the load immediately\"", ask(s, "GET CMDDESC ups-1 load.on"));
        assertEquals("UPSDESC ups-1 \"ACME X1\"", ask(s, "GET UPSDESC ups-1"));
        assertEquals("NUMLOGINS ups-1 0", ask(s, "GET NUMLOGINS ups-1"));
        assertEquals("ERR INVALID-ARGUMENT", ask(s, "GET"));
        assertEquals("ERR INVALID-ARGUMENT", ask(s, "GET VAR ups-1"));
        assertEquals("ERR INVALID-ARGUMENT", ask(s, "GET COLOUR ups-1 x"));

        now = now.plusSeconds(16);
        assertEquals("ERR DATA-STALE", ask(s, "GET VAR ups-1 ups.status"), "no reading for longer than stale-after");
        assertEquals("ERR DATA-STALE", ask(s, "LIST VAR ups-1"));
        assertEquals("ERR DATA-STALE", ask(s, "GET NUMLOGINS ups-1"));
        assertEquals("UPSDESC ups-1 \"ACME X1\"", ask(s, "GET UPSDESC ups-1"), "upsd answers UPSDESC for a stale unit");
        fleet.apply(VariablesTest.reading("00001000", 230.0, 28.0), now);
        fleet.apply(new UpsStatus(1, "ups-1", "gw", now, UpsStatus.CommState.LOST, "00001000", null, now));
        assertEquals("ERR DATA-STALE", ask(s, "GET VAR ups-1 ups.status"), "comm LOST");
    }

    @Test
    void listsHaveUpsdsFrame() {
        unit("ups-1");
        unit("ups-0");
        Session s = session();
        assertEquals("BEGIN LIST UPS\nUPS ups-0 \"ACME X1\"\nUPS ups-1 \"ACME X1\"\nEND LIST UPS", ask(s, "LIST UPS"));
        String vars = ask(s, "LIST VAR ups-1");
        assertTrue(vars.startsWith("BEGIN LIST VAR ups-1\nVAR ups-1 battery.charge \"97\"\n"), vars);
        assertTrue(vars.endsWith("\nVAR ups-1 ups.temperature \"28.0\"\nEND LIST VAR ups-1"), vars);
        assertEquals("BEGIN LIST RW ups-1\nEND LIST RW ups-1", ask(s, "LIST RW ups-1"));
        String cmds = ask(s, "LIST CMD ups-1");
        assertTrue(cmds.startsWith("BEGIN LIST CMD ups-1\nCMD ups-1 beeper.disable\n") && cmds.endsWith("CMD ups-1 test.battery.stop\nEND LIST CMD ups-1"), cmds);
        assertEquals("BEGIN LIST ENUM ups-1 ups.status\nEND LIST ENUM ups-1 ups.status", ask(s, "LIST ENUM ups-1 ups.status"));
        assertEquals("BEGIN LIST RANGE ups-1 ups.load\nEND LIST RANGE ups-1 ups.load", ask(s, "LIST RANGE ups-1 ups.load"));
        assertEquals("ERR VAR-NOT-SUPPORTED", ask(s, "LIST ENUM ups-1 ups.nothing"));
        assertEquals("BEGIN LIST CLIENT ups-1\nEND LIST CLIENT ups-1", ask(s, "LIST CLIENT ups-1"));
        assertEquals("ERR UNKNOWN-UPS", ask(s, "LIST VAR nope"));
        assertEquals("ERR INVALID-ARGUMENT", ask(s, "LIST VAR"));
        assertEquals("ERR INVALID-ARGUMENT", ask(s, "LIST THINGS ups-1 x"));
    }

    @Test
    void loginNeedsAnUpsmonUserAndEndsWithTheConnection() {
        unit("ups-1");
        Session anonymous = session();
        assertEquals("ERR USERNAME-REQUIRED", ask(anonymous, "LOGIN ups-1"));
        assertEquals("OK", ask(anonymous, "USERNAME monitor"));
        assertEquals("ERR PASSWORD-REQUIRED", ask(anonymous, "LOGIN ups-1"));
        assertEquals("ERR ACCESS-DENIED", ask(loggedIn("monitor", "wrong"), "LOGIN ups-1"));
        assertEquals("ERR ACCESS-DENIED", ask(loggedIn("tester", "tpw"), "LOGIN ups-1"), "not an upsmon user");
        Session monitor = loggedIn("monitor", "mpw");
        assertEquals("ERR UNKNOWN-UPS", ask(monitor, "LOGIN ups-9"));
        assertEquals("OK", ask(monitor, "LOGIN UPS-1"));
        assertEquals("ERR ALREADY-LOGGED-IN", ask(monitor, "LOGIN ups-1"));
        assertEquals("NUMLOGINS ups-1 1", ask(monitor, "GET NUMLOGINS ups-1"));
        assertEquals("BEGIN LIST CLIENT ups-1\nCLIENT ups-1 127.0.0.1\nEND LIST CLIENT ups-1", ask(monitor, "LIST CLIENT ups-1"));
        assertEquals("monitor", logins.clients("ups-1").get(0).user());
        assertEquals(List.of("ups-1"), logins.drainChanged());
        nut.closed(monitor);
        assertEquals("NUMLOGINS ups-1 0", ask(monitor, "GET NUMLOGINS ups-1"));
        assertEquals(List.of("ups-1"), logins.drainChanged(), "the logout is published too");
    }

    @Test
    void primaryAndFsdNeedThePrimaryRoleAndFsdShowsInTheStatus() {
        unit("ups-1");
        Session monitor = loggedIn("monitor", "mpw");
        assertEquals("ERR ACCESS-DENIED", ask(monitor, "PRIMARY ups-1"));
        assertEquals("ERR ACCESS-DENIED", ask(monitor, "FSD ups-1"));
        Session admin = loggedIn("admin", "apw");
        assertEquals("OK PRIMARY-GRANTED", ask(admin, "PRIMARY ups-1"));
        assertEquals("OK MASTER-GRANTED", ask(admin, "MASTER ups-1"));
        assertEquals("ERR UNKNOWN-UPS", ask(admin, "FSD ups-7"));
        assertEquals("VAR ups-1 ups.status \"OL\"", ask(admin, "GET VAR ups-1 ups.status"));
        assertEquals("OK FSD-SET", ask(admin, "FSD ups-1"));
        assertEquals("VAR ups-1 ups.status \"FSD OL\"", ask(admin, "GET VAR ups-1 ups.status"));
    }

    @Test
    void instantCommandsAreCheckedInUpsdsOrderAndSentWithTheUser() {
        unit("ups-1");
        Session tester = loggedIn("tester", "tpw");
        assertEquals("ERR INVALID-ARGUMENT", ask(tester, "INSTCMD ups-1"));
        assertEquals("ERR UNKNOWN-UPS", ask(tester, "INSTCMD ups-9 beeper.toggle"));
        assertEquals("ERR CMD-NOT-SUPPORTED", ask(tester, "INSTCMD ups-1 outlet.1.off"));
        assertEquals("ERR ACCESS-DENIED", ask(tester, "INSTCMD ups-1 load.off"));
        assertEquals("OK", ask(tester, "INSTCMD ups-1 beeper.toggle"));
        Session admin = loggedIn("admin", "apw");
        assertEquals("ERR INVALID-ARGUMENT", ask(admin, "INSTCMD ups-1 test.battery.start 30"));
        assertEquals("OK", ask(admin, "INSTCMD ups-1 test.battery.start 120"));
        assertEquals(2, sent.size());
        assertEquals(CommandType.BEEPER_TOGGLE, sent.get(0).command());
        assertEquals("tester", sent.get(0).requestedBy());
        assertEquals(new CommandRequest(1, sent.get(1).commandId(), "ups-1", CommandType.BATTERY_TEST_TIMED, 2, null, null, "admin", now),
                sent.get(1));
        now = now.plusSeconds(16);
        assertEquals("ERR DATA-STALE", ask(admin, "INSTCMD ups-1 beeper.toggle"));
        brokerDown = true;
        fleet.apply(VariablesTest.reading("00001000", 230.0, 28.0), now);
        assertEquals("ERR INSTCMD-FAILED", ask(admin, "INSTCMD ups-1 beeper.toggle"), "not on the bus, not OK");
    }

    @Test
    void trackingFollowsTheGatewaysResult() {
        unit("ups-1");
        Session admin = loggedIn("admin", "apw");
        assertEquals("OFF", ask(admin, "GET TRACKING"));
        assertEquals("ERR FEATURE-NOT-CONFIGURED", ask(admin, "GET TRACKING some-id"));
        assertEquals("ERR INVALID-ARGUMENT", ask(admin, "SET TRACKING MAYBE"));
        assertEquals("OK", ask(admin, "SET TRACKING ON"));
        assertEquals("ON", ask(admin, "GET TRACKING"));
        String ok = ask(admin, "INSTCMD ups-1 load.off");
        assertTrue(ok.matches("OK TRACKING [0-9A-F-]{36}"), ok);
        String id = ok.substring("OK TRACKING ".length());
        assertEquals(id, sent.get(0).commandId(), "the tracking id is the command id");
        assertEquals("PENDING", ask(admin, "GET TRACKING " + id));
        tracking.result(id, CommandOutcome.DONE);
        assertEquals("SUCCESS", ask(admin, "GET TRACKING " + id));
        String noop = ask(admin, "INSTCMD ups-1 beeper.disable");
        assertEquals("SUCCESS", ask(admin, "GET TRACKING " + noop.substring("OK TRACKING ".length())), "nothing to do is done");
        assertEquals(1, sent.size());
    }

    @Test
    void setVarIsReadOnlyForThoseAllowedToSet() {
        unit("ups-1");
        assertEquals("ERR USERNAME-REQUIRED", ask(session(), "SET VAR ups-1 ups.id \"x\""));
        assertEquals("ERR ACCESS-DENIED", ask(loggedIn("monitor", "mpw"), "SET VAR ups-1 ups.id \"x\""));
        Session admin = loggedIn("admin", "apw");
        assertEquals("ERR READONLY", ask(admin, "SET VAR ups-1 ups.id \"x\""));
        assertEquals("ERR VAR-NOT-SUPPORTED", ask(admin, "SET VAR ups-1 ups.delay.shutdown 20"));
        assertEquals("ERR UNKNOWN-UPS", ask(admin, "SET VAR ups-9 ups.id x"));
        assertEquals("ERR INVALID-ARGUMENT", ask(admin, "SET VAR ups-1 ups.id"));
    }

    @Test
    void credentialsAreSetOnceAndWrongOnesCloseTheConnectionAtTheLimit() {
        unit("ups-1");
        Session s = loggedIn("admin", "wrong");
        assertEquals("ERR ALREADY-SET-USERNAME", ask(s, "USERNAME admin"));
        assertEquals("ERR ALREADY-SET-PASSWORD", ask(s, "PASSWORD apw"));
        assertEquals("ERR INVALID-PASSWORD", ask(session(), "PASSWORD \"\""));
        assertEquals(new Reply("ERR ACCESS-DENIED\n", Reply.After.NONE), reply(s, "INSTCMD ups-1 load.off"));
        assertEquals(new Reply("ERR ACCESS-DENIED\n", Reply.After.NONE), reply(s, "FSD ups-1"));
        assertEquals(new Reply("ERR ACCESS-DENIED\n", Reply.After.CLOSE), reply(s, "LOGIN ups-1"), "third failure (limit 3)");
        Session tester = loggedIn("tester", "tpw");
        for (int i = 0; i < 5; i++) {
            assertEquals(Reply.After.NONE, reply(tester, "INSTCMD ups-1 load.off").after(), "a right password without the permission is no guess");
        }
    }

    @Test
    void readsFromOtherNetworksNeedAnyValidUser() {
        unit("ups-1");
        Session remote = new Session(2, "192.0.2.7", false);
        assertEquals("ERR USERNAME-REQUIRED", ask(remote, "LIST UPS"));
        assertEquals("OK", ask(remote, "USERNAME tester"));
        assertEquals("ERR PASSWORD-REQUIRED", ask(remote, "GET VAR ups-1 ups.status"));
        assertEquals("OK", ask(remote, "PASSWORD tpw"));
        assertEquals("VAR ups-1 ups.status \"OL\"", ask(remote, "GET VAR ups-1 ups.status"));
        assertEquals("1.3", ask(new Session(3, "192.0.2.8", false), "NETVER"), "NETVER is no read");
    }

    @Test
    void startTlsAnswersDependOnTheConfigurationAndRequireTlsHoldsTheCredentialsBack() {
        Session s = session();
        assertEquals("ERR FEATURE-NOT-CONFIGURED", ask(s, "STARTTLS"));
        NutProtocol tls = protocol(true, true);
        assertEquals("ERR ACCESS-DENIED", ask(tls, s, "USERNAME admin"));
        assertEquals("ERR ACCESS-DENIED", ask(tls, s, "PASSWORD apw"));
        assertEquals(new Reply("OK STARTTLS\n", Reply.After.STARTTLS), tls.handle(s, "STARTTLS").toCompletableFuture().join());
        s.tlsStarted();
        assertEquals("ERR ALREADY-SSL-MODE", ask(tls, s, "STARTTLS"));
        assertEquals("OK", ask(tls, s, "USERNAME admin"));
        assertEquals("OK", ask(tls, s, "PASSWORD apw"));
    }
}
