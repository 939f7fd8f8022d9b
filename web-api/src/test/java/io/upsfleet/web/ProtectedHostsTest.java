package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.RetainedMessages;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The hosts a UPS protects: nut-server's retained client lists, merged over its replicas. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class ProtectedHostsTest {

    @Inject
    Seed seed;

    @Test
    void theHostsLoggedInOnEveryNutServerAreListedAndGoWhenTheyLogOut() {
        String ups = Seed.uniqueId("hosts");
        seed.ups(ups, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        Instant t = Instant.now().minusSeconds(60);
        List<String> topics = List.of(Topics.nutClients(ups, "nut-a"), Topics.nutClients(ups, "nut-b"));
        try (TestMqtt bus = new TestMqtt()) {
            bus.publish(topics.get(0), Json.toBytes(new NutClients(1, ups, "nut-a", t, List.of(
                    new NutClients.Client("10.0.0.5", "monitor", t), new NutClients.Client("10.0.0.6", "monitor", t.plusSeconds(5))))), true);
            bus.publish(topics.get(1), Json.toBytes(new NutClients(1, ups, "nut-b", t, List.of(
                    new NutClients.Client("10.0.0.7", "monitor", t.plusSeconds(9))))), true);
            // a list that names another server than its topic is not taken
            bus.publish(Topics.nutClients(ups, "nut-c"), Json.toBytes(new NutClients(1, ups, "nut-x", t, List.of(
                    new NutClients.Client("10.6.6.6", "mallory", t)))), false);
            bus.publish(Topics.nutClients(ups, "nut-d"), "{not json".getBytes(StandardCharsets.UTF_8), false);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().preemptive().basic("viewer", "test-viewer-pw")
                    .get("/api/ups/" + ups + "/hosts").then().statusCode(200).body("count", equalTo(3))
                    .body("hosts.address", equalTo(List.of("10.0.0.5", "10.0.0.6", "10.0.0.7")))
                    .body("hosts[2].server", equalTo("nut-b")));

            // the hosts on nut-a log out (empty list), nut-b stops cleanly (retained list cleared)
            bus.publish(topics.get(0), Json.toBytes(new NutClients(1, ups, "nut-a", Instant.now(), List.of())), true);
            bus.publish(topics.get(1), new byte[0], true);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().preemptive().basic("viewer", "test-viewer-pw")
                    .get("/api/ups/" + ups + "/hosts").then().statusCode(200).body("count", equalTo(0)));
        } finally {
            RetainedMessages.clear(io.upsfleet.testsupport.Infra.get().mqttUri(), topics);
        }
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/ups/no-such-ups-9/hosts").then().statusCode(404);
        given().get("/api/ups/" + ups + "/hosts").then().statusCode(401);
    }
}
