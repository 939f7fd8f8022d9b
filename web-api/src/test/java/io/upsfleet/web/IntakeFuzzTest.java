package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.PoisonMessages;
import io.upsfleet.web.live.IntakeMetrics;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

/**
 * web-api's MQTT intakes under a seeded stream of valid and poison messages (see {@link PoisonMessages}),
 * interleaved: every valid command result reaches its audit row, no poison one does, every poison message
 * is counted as invalid, and the service stays ready.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class IntakeFuzzTest {

    @Inject
    Seed seed;
    @Inject
    IntakeMetrics metrics;

    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void everyValidResultIsAppliedAndEveryPoisonMessageIsCountedNotApplied(long seed) {
        String run = "wf" + UUID.randomUUID().toString().substring(0, 6);
        List<PoisonMessages.Message> results = PoisonMessages.commandResults(seed, run + "c", 80);
        for (PoisonMessages.Message m : results) {
            this.seed.exec("INSERT INTO command (command_id, ups_id, command, requested_by, requested_at)"
                    + " VALUES (?, ?, 'BEEPER_TOGGLE', 'fuzz', now())", "fuzz-" + m.upsId(), m.upsId());
        }
        List<PoisonMessages.Message> messages = new ArrayList<>(results);
        messages.addAll(PoisonMessages.alarms(seed, run + "a", 60));
        Collections.shuffle(messages, new Random(seed));
        long poison = messages.stream().filter(m -> !m.valid()).count();
        long invalidBefore = metrics.invalidCount();
        try (TestMqtt mqtt = new TestMqtt()) {
            for (PoisonMessages.Message m : messages) {
                mqtt.publish(m.topic(), m.payload(), false);
            }
        }
        long validResults = results.stream().filter(PoisonMessages.Message::valid).count();
        await().atMost(Duration.ofSeconds(60)).until(() -> doneCount(run) == validResults
                && metrics.invalidCount() >= invalidBefore + poison);
        for (PoisonMessages.Message m : results) {
            String outcome = (String) this.seed.one("SELECT outcome FROM command WHERE command_id = ?", "fuzz-" + m.upsId())
                    .get("outcome");
            assertEquals(m.valid() ? "DONE" : null, outcome, m.toString());
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    private long doneCount(String run) {
        return this.seed.count("SELECT count(*) FROM command WHERE ups_id LIKE ? AND outcome = 'DONE'", run + "%");
    }
}
