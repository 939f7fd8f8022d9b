package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class CommandApiTest {

    @Inject
    Seed seed;

    private String upsOnline() {
        String id = Seed.uniqueId("cmd");
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        return id;
    }

    @Test
    void publishesTheCommandAuditsItAndTracksTheGatewayResult() {
        String id = upsOnline();
        try (TestMqtt gateway = new TestMqtt().subscribe(Topics.command(id))) {
            var response = given().auth().preemptive().basic("operator", "test-operator-pw")
                    .contentType(ContentType.JSON).body("{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":5}")
                    .post("/api/ups/" + id + "/commands").then().statusCode(202)
                    .body("status", equalTo("PENDING"))
                    .header("Location", containsString("/api/commands/"))
                    .extract();
            String commandId = response.path("commandId");
            assertEquals(true, response.header("Location").endsWith("/api/commands/" + commandId));

            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.received.isEmpty());
            CommandRequest sent = Json.parse(gateway.received.get(0), CommandRequest.class);
            assertEquals(commandId, sent.commandId());
            assertEquals(CommandType.BATTERY_TEST_TIMED, sent.command());
            assertEquals(5, sent.testMinutes());
            assertEquals("operator", sent.requestedBy());

            given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + commandId)
                    .then().statusCode(200).body("requestedBy", equalTo("operator")).body("status", equalTo("PENDING"))
                    .body("args.testMinutes", equalTo(5)).body("command", equalTo("BATTERY_TEST_TIMED"));

            // the gateway answers: DONE first, then a late interim ACCEPTED that must not undo it
            gateway.publish(Topics.commandResult(id), Json.toBytes(new CommandResult(1, commandId, id, "gw-1",
                    CommandType.BATTERY_TEST_TIMED, CommandOutcome.DONE, "test running", Instant.now())), false);
            gateway.publish(Topics.commandResult(id), Json.toBytes(new CommandResult(1, commandId, id, "gw-1",
                    CommandType.BATTERY_TEST_TIMED, CommandOutcome.ACCEPTED, null, Instant.now())), false);
            gateway.publish(Topics.commandResult(id), "{not json".getBytes(), false);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + commandId)
                            .then().body("status", equalTo("DONE")).body("finished", equalTo(true)).body("detail", equalTo("test running")));
            given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/" + id + "/commands")
                    .then().statusCode(200).body("", hasSize(1)).body("[0].commandId", equalTo(commandId))
                    .body("[0].status", equalTo("DONE"));
        }
    }

    @Test
    void aResultNoReplicaStoredIsReadFromMibServicesEventLog() {
        String id = upsOnline();
        String commandId = submit(id, "{\"command\":\"BATTERY_TEST_QUICK\"}");
        // every web-api replica was down when the gateway answered: only mib-service logged the result
        seed.logged(new CommandResult(1, commandId, id, "gw-1", CommandType.BATTERY_TEST_QUICK, CommandOutcome.ACCEPTED,
                null, Instant.now().minusSeconds(2)));
        Instant doneAt = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        seed.logged(new CommandResult(1, commandId, id, "gw-1", CommandType.BATTERY_TEST_QUICK, CommandOutcome.DONE,
                "test started", doneAt));

        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + commandId)
                .then().statusCode(200).body("status", equalTo("DONE")).body("finished", equalTo(true))
                .body("detail", equalTo("test started")).body("updatedAt", equalTo(doneAt.toString()))
                .body("requestedBy", equalTo("operator"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/" + id + "/commands")
                .then().statusCode(200).body("[0].commandId", equalTo(commandId)).body("[0].status", equalTo("DONE"));
    }

    @Test
    void aStoredFinalOutcomeStandsWhateverTheEventLogSays() {
        String id = upsOnline();
        String commandId = submit(id, "{\"command\":\"CANCEL_TEST\"}");
        try (TestMqtt gateway = new TestMqtt()) {
            gateway.publish(Topics.commandResult(id), Json.toBytes(new CommandResult(1, commandId, id, "gw-1",
                    CommandType.CANCEL_TEST, CommandOutcome.REJECTED, "no test running", Instant.now())), false);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + commandId)
                        .then().body("status", equalTo("REJECTED")));
        seed.logged(new CommandResult(1, commandId, id, "gw-1", CommandType.CANCEL_TEST, CommandOutcome.TIMEOUT,
                null, Instant.now()));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + commandId)
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("detail", equalTo("no test running"));
    }

    @Test
    void sendsTheShutdownDelayTheUpsWillUse() {
        String id = upsOnline();
        try (TestMqtt gateway = new TestMqtt().subscribe(Topics.command(id))) {
            String commandId = submit(id, "{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":0.30000000000000004}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.received.isEmpty());
            assertEquals(0.3, Json.parse(gateway.received.get(0), CommandRequest.class).shutdownMinutes());
            given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + commandId)
                    .then().body("args.shutdownMinutes", equalTo(0.3f));
        }
    }

    private static String submit(String upsId, String body) {
        return given().auth().preemptive().basic("operator", "test-operator-pw").contentType(ContentType.JSON).body(body)
                .post("/api/ups/" + upsId + "/commands").then().statusCode(202).extract().path("commandId");
    }

    @Test
    void adminMaySendAndViewerIsForbidden() {
        String id = upsOnline();
        given().auth().preemptive().basic("admin", "test-admin-pw").contentType(ContentType.JSON)
                .body("{\"command\":\"BEEPER_TOGGLE\"}").post("/api/ups/" + id + "/commands").then().statusCode(202);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").contentType(ContentType.JSON)
                .body("{\"command\":\"BEEPER_TOGGLE\"}").post("/api/ups/" + id + "/commands").then().statusCode(403);
        given().contentType(ContentType.JSON)
                .body("{\"command\":\"BEEPER_TOGGLE\"}").post("/api/ups/" + id + "/commands").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/" + id + "/commands")
                .then().statusCode(200).body("[0].requestedBy", equalTo("admin"));
    }

    @Test
    void rejectsUnknownCommandsAndOutOfRangeArgumentsNamingTheField() {
        String id = upsOnline();
        String[][] cases = {
                {"{\"command\":\"SELF_DESTRUCT\"}", "command"},
                {"{}", "command"},
                {"{\"command\":\"BATTERY_TEST_TIMED\"}", "testMinutes"},
                {"{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":0}", "testMinutes"},
                {"{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":100}", "testMinutes"},
                {"{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":2.5}", "testMinutes"},
                {"{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":\"5\"}", "testMinutes"},
                {"{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":0.1}", "shutdownMinutes"},
                {"{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":0.25}", "shutdownMinutes"},
                {"{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":11}", "shutdownMinutes"},
                {"{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":1.5}", "shutdownMinutes"},
                {"{\"command\":\"SHUTDOWN_RESTORE\",\"shutdownMinutes\":2,\"restoreMinutes\":0}", "restoreMinutes"},
                {"{\"command\":\"SHUTDOWN_RESTORE\",\"shutdownMinutes\":2,\"restoreMinutes\":10000}", "restoreMinutes"},
                {"{\"command\":\"BEEPER_TOGGLE\",\"testMinutes\":5}", "testMinutes"},
                {"{\"command\":\"BEEPER_TOGGLE\",\"bogus\":1}", "bogus"},
                {"{not json", "body"},
                {"", "body"},
                {"[\"BEEPER_TOGGLE\"]", "body"},
                {"{\"command\":4}", "command"},
                {"{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":\"0.5\"}", "shutdownMinutes"},
                {"{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":99999999999}", "testMinutes"},
        };
        for (String[] c : cases) {
            given().log().ifValidationFails().auth().preemptive().basic("operator", "test-operator-pw").contentType(ContentType.JSON).body(c[0])
                    .post("/api/ups/" + id + "/commands").then().log().ifValidationFails().statusCode(400)
                    .contentType("application/problem+json").body("parameter", equalTo(c[1]));
        }
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/" + id + "/commands")
                .then().body("", hasSize(0));
    }

    @Test
    void answersWrongContentTypeWithProblemDetail() {
        String id = upsOnline();
        given().auth().preemptive().basic("operator", "test-operator-pw").contentType(ContentType.TEXT)
                .body("command=BEEPER_TOGGLE").post("/api/ups/" + id + "/commands").then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void acceptsTheBoundaryArguments() {
        String id = upsOnline();
        for (String ok : List.of("{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":0.2}", "{\"command\":\"SHUTDOWN\",\"shutdownMinutes\":10}",
                "{\"command\":\"SHUTDOWN_RESTORE\",\"shutdownMinutes\":0.9,\"restoreMinutes\":9999}",
                "{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":99}", "{\"command\":\"CANCEL_SHUTDOWN\"}")) {
            given().auth().preemptive().basic("operator", "test-operator-pw").contentType(ContentType.JSON).body(ok)
                    .post("/api/ups/" + id + "/commands").then().statusCode(202);
        }
    }

    @Test
    void answersUnknownUpsAndUnknownCommandIdWith404() {
        given().auth().preemptive().basic("operator", "test-operator-pw").contentType(ContentType.JSON)
                .body("{\"command\":\"BEEPER_TOGGLE\"}").post("/api/ups/no-such-ups-1/commands").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-ups-1"));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/cmd-nope")
                .then().statusCode(404).body("instance", endsWith("/api/commands/cmd-nope"));
    }
}
