package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class LiveStreamTest {

    @TestHTTPResource("/")
    URI base;
    @jakarta.inject.Inject
    io.upsfleet.web.live.IntakeMetrics metrics;

    /** Reads an SSE stream on a background thread, keeping each "data:" line. */
    static final class SseReader implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread thread;
        volatile int status;

        SseReader(URI uri, String user, String password) {
            thread = new Thread(() -> {
                try {
                    HttpClient client = HttpClient.newHttpClient();
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                            .header("Accept", "text/event-stream").build();
                    HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    status = response.statusCode();
                    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            lines.add(line);
                        }
                    }
                } catch (Exception e) {
                    // interrupted at close
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    @Test
    void streamsStatusChangesAndAlarmsOfTheFleetAndOfOneUps() {
        String id = Seed.uniqueId("live");
        String other = Seed.uniqueId("other");
        try (SseReader fleet = new SseReader(base.resolve("/api/stream"), "viewer", "test-viewer-pw");
             SseReader one = new SseReader(base.resolve("/api/ups/" + id + "/stream"), "viewer", "test-viewer-pw");
             TestMqtt gateway = new TestMqtt()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.lines.contains("event:hello") && one.lines.contains("event:hello"));
            assertEquals(200, fleet.status);

            long invalidBefore = metrics.invalidCount();
            long alarmsBefore = metrics.alarms();
            gateway.publish(Topics.status(other), Json.toBytes(new UpsStatus(1, other, "gw-t", Instant.now(),
                    UpsStatus.CommState.OK, "00001000", List.of("OL"), Instant.now())), false);
            gateway.publish(Topics.status(id), Json.toBytes(new UpsStatus(1, id, "gw-t", Instant.now(),
                    UpsStatus.CommState.OK, "10001000", List.of("OB"), Instant.now())), false);
            gateway.publish(Topics.alarm(id), Json.toBytes(new AlarmEvent(1, "al-" + id, id, "gw-t", Instant.now(),
                    AlarmType.ON_BATTERY, AlarmEvent.AlarmState.RAISED, null, "on battery")), false);
            gateway.publish(Topics.status(id), "garbage".getBytes(), false);

            await().atMost(Duration.ofSeconds(10)).until(() -> has(fleet, "\"upsId\":\"" + id + "\"", "\"OB\"")
                    && has(fleet, "\"type\":\"alarm\"", id) && has(fleet, "\"upsId\":\"" + other + "\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> has(one, "\"type\":\"alarm\"", "ON_BATTERY"));
            assertTrue(one.lines.stream().noneMatch(l -> l.contains(other)), "the per-UPS stream leaks other UPSs");
            // the garbage status is counted as invalid, the alarm as received, and both are exported
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.invalidCount() > invalidBefore);
            assertTrue(metrics.alarms() > alarmsBefore);
            String exported = io.restassured.RestAssured.get(base.resolve("/q/metrics")).asString();
            assertTrue(exported.contains("upsfleet_web_mqtt_invalid_total") && exported.contains("upsfleet_web_mqtt_received_total{kind=\"alarm\"}"),
                    "web-api intake counters exported");
        }
    }

    @Test
    void refusesTheStreamWithoutCredentials() throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/stream")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(401, r.statusCode());
    }

    private static boolean has(SseReader reader, String... parts) {
        return reader.lines.stream().anyMatch(l -> l.startsWith("data:") && java.util.Arrays.stream(parts).allMatch(l::contains));
    }
}
