package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Severity;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class NotificationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /** Long enough for a debounce (1 s), a tick and a delivery to have happened if they were going to. */
    private static final Duration QUIET = Duration.ofSeconds(4);

    @BeforeAll
    static void upsTable() throws Exception {
        // mib-service owns this table; in alert-service's test database it is only a minimal stand-in.
        try (Connection c = Alarms.db(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ups (ups_id VARCHAR(64) PRIMARY KEY, site VARCHAR(200), "
                    + "tags TEXT[] NOT NULL DEFAULT '{}')");
        }
    }

    @Test
    void oneAlarmSendsExactlyOneEmailOneWebhookAndOnePage() throws Exception {
        String ups = Alarms.upsId("one");
        Alarms.raise(ups, AlarmType.ON_BATTERY);

        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 1
                && Receivers.postsAbout("/pager", ups).size() == 1 && Receivers.postsAbout("/webhook", ups).size() == 1);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).size() == 1
                && Receivers.postsAbout("/pager", ups).size() == 1 && Receivers.postsAbout("/webhook", ups).size() == 1);

        Receivers.Mail mail = Receivers.mailsAbout(ups).get(0);
        assertThat(mail.to()).containsExactly("ops@example.test");
        assertThat(mail.subject()).contains("WARNING").contains("ON_BATTERY");
        String page = Receivers.postsAbout("/pager", ups).get(0).body();
        String alertId = Api.client().queryParam("upsId", ups).get("/api/alerts").then().statusCode(200)
                .body("", hasSize(1)).body("[0].state", equalTo("OPEN")).extract().path("[0].alertId");
        assertThat(page).contains("\"event_action\":\"trigger\"").contains("\"routing_key\":\"test-routing-key\"")
                .contains("\"dedup_key\":\"" + alertId + "\"").contains("\"severity\":\"warning\"");
    }

    @Test
    void clearAfterNotificationSendsClearedNoticeAndResolvesThePage() throws Exception {
        String ups = Alarms.upsId("clr");
        Alarms.raise(ups, AlarmType.OVERLOAD);
        await().atMost(PATIENCE).until(() -> Receivers.postsAbout("/pager", ups).size() == 1);
        String alertId = Api.client().queryParam("upsId", ups).get("/api/alerts").then().extract().path("[0].alertId");
        Alarms.clear(ups, AlarmType.OVERLOAD);

        // A PagerDuty resolve carries only the dedup key (= alert id).
        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 2
                && Receivers.postsAbout("/pager", alertId).size() == 2);
        assertThat(Receivers.postsAbout("/pager", alertId).get(1).body()).contains("\"event_action\":\"resolve\"");
        assertThat(Receivers.mailsAbout(ups).stream().map(Receivers.Mail::subject))
                .anyMatch(s -> s.contains("cleared: OVERLOAD"));
        Api.client().queryParam("upsId", ups).queryParam("state", "cleared").get("/api/alerts").then()
                .body("", hasSize(1)).body("[0].state", equalTo("CLEARED"));
    }

    @Test
    void raiseAndClearWithinTheDebounceSendNothing() throws Exception {
        String ups = Alarms.upsId("blip");
        Alarms.raise(ups, AlarmType.ON_BATTERY);
        Alarms.clear(ups, AlarmType.ON_BATTERY);

        await().atMost(PATIENCE).until(() -> Alarms.count(
                "SELECT count(*) FROM alert WHERE ups_id = ? AND state = 'DISMISSED'", ups) == 1);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).isEmpty()
                && Receivers.postsAbout("/pager", ups).isEmpty() && Receivers.postsAbout("/webhook", ups).isEmpty());
    }

    @Test
    void redeliveredAndRepeatedRaisesAreNotifiedOnce() throws Exception {
        String ups = Alarms.upsId("dup");
        AlarmEvent first = Alarms.raise(ups, AlarmType.UPS_FAULT);
        Alarms.publish(first);                                  // the broker redelivers the same event
        Alarms.publish(first);
        Alarms.raise(ups, AlarmType.UPS_FAULT);                 // a second RAISED edge for the same open alarm

        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 1);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).size() == 1
                && Receivers.postsAbout("/pager", ups).size() == 1);
        assertThat(Alarms.count("SELECT count(*) FROM alert WHERE ups_id = ?", ups)).isEqualTo(1);
    }

    @Test
    void flappingUpsSendsOneFlappingNoticeInsteadOfAStorm() throws Exception {
        String ups = Alarms.upsId("flap");
        for (int i = 0; i < 5; i++) {
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            Thread.sleep(300);  // paces the edges like a real flapping mains supply (not an assertion)
            Alarms.clear(ups, AlarmType.ON_BATTERY);
            Thread.sleep(300);
        }
        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 1);
        assertThat(Receivers.mailsAbout(ups).get(0).subject()).contains("flapping");
        assertThat(Receivers.postsAbout("/pager", ups)).hasSize(1);
        assertThat(Receivers.postsAbout("/pager", ups).get(0).body()).contains("\"event_action\":\"trigger\"");

        // Quiet for flap.stable (3 s): one "stopped flapping" notice, and the pager incident is resolved.
        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 2);
        assertThat(Receivers.mailsAbout(ups).get(1).subject()).contains("stopped flapping: ON_BATTERY");
        // A resolve carries only the incident's dedup_key (the flap alert's id), not the UPS.
        String dedupKey = Json.mapper().readTree(Receivers.postsAbout("/pager", ups).get(0).body()).path("dedup_key").asText();
        assertThat(dedupKey).isNotEmpty();
        await().atMost(PATIENCE).until(() -> Receivers.postsAbout("/pager", dedupKey).size() == 2);
        assertThat(Receivers.postsAbout("/pager", dedupKey).get(1).body()).contains("\"event_action\":\"resolve\"");
        // Ten edges made two mails, no more.
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).size() == 2);

        // Stable again, it behaves normally: a lasting raise is notified.
        Alarms.raise(ups, AlarmType.ON_BATTERY);
        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 3);
        assertThat(Receivers.mailsAbout(ups).get(2).subject()).contains("WARNING: ON_BATTERY");
    }

    @Test
    void severityBelowTheRuleMinimumNotifiesNobody() throws Exception {
        String ups = Alarms.upsId("info");
        Alarms.publish(new AlarmEvent(AlarmEvent.VERSION, UUID.randomUUID().toString(), ups, "gw-test", Instant.now(),
                AlarmType.REPLACE_BATTERY, AlarmEvent.AlarmState.RAISED, Severity.INFO, "battery ageing"));
        await().atMost(PATIENCE).until(() -> Alarms.count(
                "SELECT count(*) FROM alert WHERE ups_id = ? AND state = 'OPEN'", ups) == 1);
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).isEmpty()
                && Receivers.postsAbout("/pager", ups).isEmpty());
    }

    @Test
    void siteRuleAddsRecipientsAndUnacknowledgedAlertEscalatesOnce() throws Exception {
        String ups = Alarms.upsId("hq");
        try (Connection c = Alarms.db(); var ps = c.prepareStatement(
                "INSERT INTO ups (ups_id, site, tags) VALUES (?, 'HQ', '{critical,rack-a}')")) {
            ps.setString(1, ups);
            ps.executeUpdate();
        }
        Alarms.raise(ups, AlarmType.LOW_BATTERY);

        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 2);
        List<String> to = Receivers.mailsAbout(ups).stream().flatMap(m -> m.to().stream()).toList();
        assertThat(to).containsExactlyInAnyOrder("ops@example.test", "hq@example.test");
        // escalate-after is 5 s for the HQ rule
        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 3);
        Receivers.Mail escalation = Receivers.mailsAbout(ups).get(2);
        assertThat(escalation.to()).containsExactly("boss@example.test");
        assertThat(escalation.subject()).contains("ESCALATED");
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).size() == 3);
    }

    @Test
    void acknowledgedAlertDoesNotEscalate() throws Exception {
        String ups = Alarms.upsId("ack");
        try (Connection c = Alarms.db(); var ps = c.prepareStatement(
                "INSERT INTO ups (ups_id, site, tags) VALUES (?, 'HQ', '{critical}')")) {
            ps.setString(1, ups);
            ps.executeUpdate();
        }
        Alarms.raise(ups, AlarmType.LOW_BATTERY);
        await().atMost(PATIENCE).until(() -> Receivers.mailsAbout(ups).size() == 2);
        String alertId = Api.client().queryParam("upsId", ups).get("/api/alerts").then().extract().path("[0].alertId");
        Api.client().contentType("application/json").body("{\"by\":\"alice\"}").post("/api/alerts/" + alertId + "/ack").then().statusCode(200)
                .body("ackedBy", equalTo("alice")).body("ackedAt", notNullValue());

        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> Receivers.mailsAbout(ups).size() == 2);
        assertThat(Alarms.count("SELECT count(*) FROM alert WHERE ups_id = ? AND escalated_at IS NOT NULL", ups)).isZero();
    }

    @Test
    void anAlertIsServedByIdAndTheFirstAcknowledgementStands() throws Exception {
        String ups = Alarms.upsId("api");
        Alarms.raise(ups, AlarmType.OVERLOAD);
        await().atMost(PATIENCE).until(() -> Alarms.count("SELECT count(*) FROM alert WHERE ups_id = ?", ups) == 1);
        String alertId = Api.client().queryParam("upsId", ups).get("/api/alerts").then().statusCode(200)
                .body("", hasSize(1)).extract().path("[0].alertId");

        Api.client().get("/api/alerts/" + alertId).then().statusCode(200)
                .body("alertId", equalTo(alertId)).body("upsId", equalTo(ups)).body("alarm", equalTo("OVERLOAD"));
        Api.client().contentType("application/json").body("{\"by\":\"alice\"}").post("/api/alerts/" + alertId + "/ack")
                .then().statusCode(200).body("ackedBy", equalTo("alice"));
        Api.client().contentType("application/json").body("{\"by\":\"bob\"}").post("/api/alerts/" + alertId + "/ack")
                .then().statusCode(200).body("ackedBy", equalTo("alice"));
        Api.client().get("/api/alerts/" + alertId).then().body("ackedBy", equalTo("alice"));
    }
}
