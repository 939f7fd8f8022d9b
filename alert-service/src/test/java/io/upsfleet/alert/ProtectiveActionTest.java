package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.RetainedMessages;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;

/**
 * Protection is enabled for UPS ids starting with "ptest-" (grace 3 s, S0.5R2) and "pnut-" (grace 60 s) in the
 * test profile.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class ProtectiveActionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    /** Watches one UPS's host-shutdown and command topics. */
    static final class Watch implements AutoCloseable {
        final String ups;
        final MqttClient client;
        final List<HostShutdownNotice> notices = new CopyOnWriteArrayList<>();
        final List<CommandRequest> commands = new CopyOnWriteArrayList<>();
        final List<Instant> noticeArrivals = new CopyOnWriteArrayList<>();
        final List<Instant> commandArrivals = new CopyOnWriteArrayList<>();

        Watch(String ups) throws Exception {
            this.ups = ups;
            Infra infra = Infra.get();
            client = new MqttClient("tcp://" + infra.mqttHost + ":" + infra.mqttPort, "alert-watch-" + UUID.randomUUID(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.subscribe(Topics.hostShutdown(ups), 1, (topic, msg) -> {
                if (msg.getPayload().length > 0) {
                    notices.add(Json.parse(msg.getPayload(), HostShutdownNotice.class));
                    noticeArrivals.add(Instant.now());
                }
            });
            client.subscribe(Topics.command(ups), 1, (topic, msg) -> {
                commands.add(Json.parse(msg.getPayload(), CommandRequest.class));
                commandArrivals.add(Instant.now());
            });
        }

        @Override
        public void close() throws Exception {
            // Leave no retained notice of a test UPS behind on the shared broker.
            client.publish(Topics.hostShutdown(ups), new byte[0], 1, true);
            client.disconnect();
            client.close();
        }
    }

    @Test
    void onBatteryAndLowBatteryAnnounceShutdownThenCommandShutdownRestoreAfterGrace() throws Exception {
        String ups = Alarms.upsId("ptest");
        try (Watch watch = new Watch(ups)) {
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            Thread.sleep(500);  // only low battery on top of on battery starts the sequence (not an assertion)
            assertThat(watch.notices).isEmpty();
            Alarms.raise(ups, AlarmType.LOW_BATTERY);

            await().atMost(PATIENCE).until(() -> watch.notices.size() == 1);
            HostShutdownNotice notice = watch.notices.get(0);
            assertThat(notice.action()).isEqualTo(HostShutdownNotice.Action.SHUTDOWN);
            assertThat(notice.graceSeconds()).isBetween(1, 3);

            await().atMost(PATIENCE).until(() -> watch.commands.size() == 1);
            CommandRequest command = watch.commands.get(0);
            assertThat(command.command()).isEqualTo(CommandType.SHUTDOWN_RESTORE);
            assertThat(command.shutdownMinutes()).isEqualTo(0.5);
            assertThat(command.restoreMinutes()).isEqualTo(2);
            assertThat(command.requestedBy()).isEqualTo("alert-service");
            assertThat(command.upsId()).isEqualTo(ups);
            assertThat(Duration.between(watch.noticeArrivals.get(0), watch.commandArrivals.get(0)))
                    .isGreaterThan(Duration.ofMillis(2500));

            // A host agent that connects late still sees the notice (retained).
            try (Watch late = new Watch(ups)) {
                await().atMost(PATIENCE).until(() -> late.notices.size() == 1);
                assertThat(late.notices.get(0).noticeId()).isEqualTo(notice.noticeId());
            }
            assertThat(steps(ups)).containsExactly("STARTED", "NOTICE_SHUTDOWN", "COMMAND_SENT");
            Api.client().queryParam("upsId", ups).get("/api/protect/events").then().statusCode(200)
                    .body("step", contains("COMMAND_SENT", "NOTICE_SHUTDOWN", "STARTED"));

            // Mains back after the command: the retained notice is withdrawn (CANCELLED), no second command.
            Alarms.clear(ups, AlarmType.ON_BATTERY);
            await().atMost(PATIENCE).until(() -> watch.notices.size() == 2);
            assertThat(watch.notices.get(1).action()).isEqualTo(HostShutdownNotice.Action.CANCELLED);
            assertThat(watch.commands).hasSize(1);
        }
    }

    @Test
    void theCommandGoesOutOnceTheNutHostsHaveLoggedOutNotAtTheEndOfALongGrace() throws Exception {
        String ups = Alarms.upsId("pnut"); // grace PT60S in the test profile
        String clients = Topics.nutClients(ups, "nut-test");
        Instant since = Instant.now().minusSeconds(300);
        try (Watch watch = new Watch(ups)) {
            watch.client.publish(clients, Json.toBytes(new NutClients(1, ups, "nut-test", since,
                    List.of(new NutClients.Client("10.0.0.5", "monitor", since)))), 1, true);
            Thread.sleep(500); // the list reaches the service before the edges (not an assertion)
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            Alarms.raise(ups, AlarmType.LOW_BATTERY);
            await().atMost(PATIENCE).until(() -> watch.notices.size() == 1);
            // the host is still logged in: no command yet
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(watch.commands::isEmpty);

            // its upsmon shut it down and logged out: the command goes out now, long before the 60 s grace ends
            watch.client.publish(clients, Json.toBytes(new NutClients(1, ups, "nut-test", Instant.now(), List.of())), 1, true);
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.commands.size() == 1);
            assertThat(watch.commands.get(0).command()).isEqualTo(CommandType.SHUTDOWN_RESTORE);
            Api.client().queryParam("upsId", ups).get("/api/protect/events").then().statusCode(200)
                    .body("find { it.step == 'COMMAND_SENT' }.detail", containsString("all 1 NUT host(s) logged out"))
                    .body("find { it.step == 'STARTED' }.detail", containsString("until the 1 NUT host(s) logged in have logged out"));
        } finally {
            RetainedMessages.clear(Infra.get().mqttUri(), List.of(clients));
        }
    }

    @Test
    void mainsReturningWithinGraceCancelsAndSendsNoCommand() throws Exception {
        String ups = Alarms.upsId("ptest");
        try (Watch watch = new Watch(ups)) {
            Alarms.raise(ups, AlarmType.LOW_BATTERY);
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            await().atMost(PATIENCE).until(() -> watch.notices.size() == 1);
            Alarms.clear(ups, AlarmType.ON_BATTERY);

            await().atMost(PATIENCE).until(() -> watch.notices.size() == 2);
            HostShutdownNotice cancelled = watch.notices.get(1);
            assertThat(cancelled.action()).isEqualTo(HostShutdownNotice.Action.CANCELLED);
            assertThat(cancelled.noticeId()).isEqualTo(watch.notices.get(0).noticeId());
            // Well past the 3 s grace: still no command.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(watch.commands::isEmpty);
            assertThat(steps(ups)).containsExactly("STARTED", "NOTICE_SHUTDOWN", "CANCELLED", "NOTICE_CANCELLED");
        }
    }

    @Test
    void runtimeUnderTheThresholdOnBatteryStartsTheSequenceLikeLowBattery() throws Exception {
        String ups = Alarms.upsId("ptest");
        try (Watch watch = new Watch(ups)) {
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            Alarms.raise(ups, AlarmType.RUNTIME_LOW);
            await().atMost(PATIENCE).until(() -> watch.notices.size() == 1);
            assertThat(watch.notices.get(0).action()).isEqualTo(HostShutdownNotice.Action.SHUTDOWN);
            Alarms.clear(ups, AlarmType.ON_BATTERY);
            await().atMost(PATIENCE).until(() -> watch.notices.size() == 2);
            assertThat(steps(ups)).containsExactly("STARTED", "NOTICE_SHUTDOWN", "CANCELLED", "NOTICE_CANCELLED");
            assertThat(Alarms.count("SELECT count(*) FROM protect_event WHERE ups_id = ? AND step = 'STARTED'"
                    + " AND detail LIKE 'on battery and runtime low%'", ups)).isEqualTo(1);
        }
    }

    @Test
    void protectionIsOffForUpsNotConfigured() throws Exception {
        String ups = Alarms.upsId("noprot");
        try (Watch watch = new Watch(ups)) {
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            Alarms.raise(ups, AlarmType.LOW_BATTERY);
            await().atMost(PATIENCE).until(() -> Alarms.count("SELECT count(*) FROM alarm_track WHERE ups_id = ? AND raised", ups) == 2);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> watch.notices.isEmpty() && watch.commands.isEmpty());
            assertThat(Alarms.count("SELECT count(*) FROM protect_sequence WHERE ups_id = ?", ups)).isZero();
        }
    }

    /** A sequence persisted by an earlier run (the service restarted mid-grace) is carried on from the table. */
    @Test
    void sequenceLeftMidGraceByAnEarlierRunIsCarriedOn() throws Exception {
        String ups = Alarms.upsId("ptest");
        try (Watch watch = new Watch(ups)) {
            String noticeId = UUID.randomUUID().toString();
            try (Connection c = Alarms.db(); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO protect_sequence (notice_id, ups_id, state, started_at, grace_until, grace_seconds,
                        shutdown_minutes, restore_minutes, notice_action, notice_published)
                    VALUES (?, ?, 'GRACE', ?, ?, 120, 1, 5, 'SHUTDOWN', true)""")) {
                ps.setString(1, noticeId);
                ps.setString(2, ups);
                ps.setTimestamp(3, Timestamp.from(Instant.now().minusSeconds(100)));
                ps.setTimestamp(4, Timestamp.from(Instant.now().plusSeconds(2)));
                ps.executeUpdate();
            }
            await().atMost(PATIENCE).until(() -> watch.commands.size() == 1);
            assertThat(watch.commands.get(0).commandId()).isEqualTo(noticeId + "-cmd");
            assertThat(watch.commands.get(0).restoreMinutes()).isEqualTo(5);
            assertThat(watch.notices).isEmpty();
        }
    }

    private static List<String> steps(String ups) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = Alarms.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT step FROM protect_event WHERE ups_id = ? ORDER BY id")) {
            ps.setString(1, ups);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString(1));
                }
            }
        }
        return steps;
    }
}
