package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.PoisonMessages;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded stream of valid and poison commands for one UPS (see {@link PoisonMessages}), interleaved: every
 * message that names a usable command id gets exactly one final result (poison: REJECTED with the reason),
 * every other poison is counted as invalid, the unit is polled at its interval throughout and the gateway
 * stays ready. A seed that once found a bug stays in the list as a regression case.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
class CommandIntakeFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    /** Poisons that cannot carry a usable command id: no one to answer, only counted. */
    private static final Set<String> UNANSWERABLE = Set.of("random bytes", "truncated JSON", "deeply nested JSON",
            "1 MB of garbage", "empty object", "null");
    private static final Pattern COMMAND_ID = Pattern.compile("\"commandId\":\"(fuzz-[^\"]+)\"");

    @ConfigProperty(name = "test.ups.fuzz") String fuzz;
    @ConfigProperty(name = "test.broker.uri") String brokerUri;

    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void everyCommandWithAnIdIsAnsweredOnceAndPollingGoesOn(long seed) throws Exception {
        List<PoisonMessages.Message> messages = PoisonMessages.commands(seed, fuzz, 60);
        Map<String, PoisonMessages.Message> answerable = messages.stream()
                .filter(m -> m.valid() || !UNANSWERABLE.contains(m.why()))
                .collect(Collectors.toMap(m -> commandId(m).orElseThrow(() -> new AssertionError("no id in " + m)), m -> m));
        long unanswerable = messages.size() - answerable.size();
        double invalidBefore = invalidCommands();
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.ROOT + "/ups/" + fuzz + "/#")) {
            long start = System.currentTimeMillis();
            for (PoisonMessages.Message m : messages) {
                probe.publish(m.topic(), m.payload());
            }
            await().atMost(BOUND).until(() -> answerable.keySet().stream().allMatch(id -> finalResults(probe, id).size() >= 1));
            for (Map.Entry<String, PoisonMessages.Message> e : answerable.entrySet()) {
                List<CommandResult> results = finalResults(probe, e.getKey());
                assertEquals(1, results.size(), "one final result for " + e.getValue() + ": " + results);
                if (!e.getValue().valid()) {
                    assertEquals(CommandOutcome.REJECTED, results.get(0).outcome(), e.getValue() + ": " + results.get(0));
                }
            }
            assertEquals(invalidBefore + messages.stream().filter(m -> !m.valid() && !m.why().startsWith("ten years")).count(),
                    invalidCommands(), "commands that broke the contract, " + unanswerable + " of them without an id");
            long readings = probe.on(Topics.reading(fuzz)).stream().filter(r -> r.atMillis() > start).count();
            long seconds = (System.currentTimeMillis() - start) / 1000;
            assertTrue(readings >= seconds, readings + " readings in " + seconds + " s at a 0.3 s poll interval");
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static Optional<String> commandId(PoisonMessages.Message m) {
        Matcher id = COMMAND_ID.matcher(new String(m.payload(), 0, Math.min(m.payload().length, 200), StandardCharsets.UTF_8));
        return id.find() ? Optional.of(id.group(1)) : Optional.empty();
    }

    private List<CommandResult> finalResults(MqttProbe probe, String commandId) {
        return probe.on(Topics.commandResult(fuzz), CommandResult.class).stream()
                .filter(r -> r.commandId().equals(commandId) && r.outcome().isFinal()).toList();
    }

    private static double invalidCommands() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^upsfleet_gateway_commands_invalid_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
