package io.upsfleet.mib.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.mib.support.Db;
import io.upsfleet.mib.support.Mqtt;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.PoisonMessages;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seeded streams of valid and poison messages, interleaved (see {@link PoisonMessages}): every valid one is
 * stored exactly once, every poison one is exactly one dead letter, within a time bound, and the service
 * stays ready. A seed that once found a bug stays in the list as a regression case.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class IngestFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyValidMessageIsStoredOnceAndEveryPoisonOneIsOneDeadLetter(long seed) {
        String run = "fz" + UUID.randomUUID().toString().substring(0, 6);
        List<PoisonMessages.Message> messages = new ArrayList<>();
        messages.addAll(PoisonMessages.readings(seed, run + "r", 120));
        messages.addAll(PoisonMessages.alarms(seed, run + "a", 60));
        messages.addAll(PoisonMessages.commandResults(seed, run + "c", 40));
        java.util.Collections.shuffle(messages, new java.util.Random(seed));
        Db db = new Db(dataSource);
        try (Mqtt mqtt = new Mqtt()) {
            for (PoisonMessages.Message m : messages) {
                mqtt.publish(m.topic(), m.payload(), false);
            }
        }
        String like = "upsfleet/v1/ups/" + run + "%";
        long validReadings = messages.stream().filter(m -> m.valid() && m.topic().endsWith("/reading")).count();
        long validEvents = messages.stream().filter(m -> m.valid() && !m.topic().endsWith("/reading")).count();
        long poison = messages.stream().filter(m -> !m.valid()).count();
        await().atMost(BOUND).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id LIKE ?", run + "%") == validReadings
                && db.count("SELECT count(*) FROM event WHERE ups_id LIKE ?", run + "%") == validEvents
                && db.count("SELECT count(*) FROM dead_letter WHERE topic LIKE ?", like) == poison);

        for (PoisonMessages.Message m : messages) {
            long deadLetters = db.count("SELECT coalesce(sum(times), 0) FROM dead_letter WHERE topic = ?", m.topic());
            assertThat(deadLetters).as(m.toString()).isEqualTo(m.valid() ? 0 : 1);
            if (m.topic().endsWith("/reading")) {
                assertThat(db.count("SELECT count(*) FROM reading WHERE ups_id = ?", m.upsId())).as(m.toString())
                        .isEqualTo(m.valid() ? 1 : 0);
            } else {
                assertThat(db.count("SELECT count(*) FROM event WHERE ups_id = ?", m.upsId())).as(m.toString())
                        .isEqualTo(m.valid() ? 1 : 0);
            }
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
