package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.PoisonMessages;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded stream of valid and poison alarm edges, interleaved (see {@link PoisonMessages}): every valid
 * edge becomes exactly one alert, every poison one exactly one dead letter, within a time bound, and the
 * service stays ready. A seed that once found a bug stays in the list as a regression case.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class AlarmIntakeFuzzTest {

    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void everyValidEdgeIsOneAlertAndEveryPoisonOneIsOneDeadLetter(long seed) throws Exception {
        String run = "af" + UUID.randomUUID().toString().substring(0, 6);
        List<PoisonMessages.Message> messages = PoisonMessages.alarms(seed, run, 80);
        for (PoisonMessages.Message m : messages) {
            MqttMessage message = new MqttMessage(m.payload());
            message.setQos(1);
            Alarms.mqtt().publish(m.topic(), message);
        }
        long valid = messages.stream().filter(PoisonMessages.Message::valid).count();
        long poison = messages.size() - valid;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Alarms.count("SELECT count(*) FROM alert WHERE ups_id LIKE ?", run + "-%") == valid
                && Alarms.count("SELECT count(*) FROM alert_dead_letter WHERE topic LIKE ?", "upsfleet/v1/ups/" + run + "-%") == poison);
        for (PoisonMessages.Message m : messages) {
            assertThat(Alarms.count("SELECT count(*) FROM alert WHERE ups_id = ?", m.upsId())).as(m.toString())
                    .isEqualTo(m.valid() ? 1 : 0);
            assertThat(Alarms.count("SELECT coalesce(sum(times), 0) FROM alert_dead_letter WHERE topic = ?", m.topic()))
                    .as(m.toString()).isEqualTo(m.valid() ? 0 : 1);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
