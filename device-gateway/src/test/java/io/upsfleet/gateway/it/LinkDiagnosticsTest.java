package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Topics;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-link diagnostics: each UPS's figures retained on {@code upsfleet/v1/ups/{id}/link} (interval 1 s in
 * this test), and the per-host and per-UPS meters.
 */
@QuarkusTest
// config through ConfigProvider, not @ConfigProperty: see DeviceServerSessionsTest
@QuarkusTestResource(value = FieldLinkTestResource.class, restrictToAnnotatedClass = true)
class LinkDiagnosticsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String hangup = FieldLinkTestResource.unit("hangup");
    private final String plain = FieldLinkTestResource.unit("plain");
    private final String split = FieldLinkTestResource.unit("split");
    private final String brokerUri = FieldLinkTestResource.config("test.broker.uri");
    private final String simulatorUrl = FieldLinkTestResource.config("test.simulator.url");

    @Test
    void aUnitBehindADeviceServerThatHangsUpShowsAReconnectPerPollAndNoErrors() throws Exception {
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.link(hangup))) {
            await().atMost(WAIT).until(() -> probe.on(Topics.link(hangup), LinkDiagnostics.class).stream()
                    .anyMatch(d -> d.replies() >= 20));
            List<MqttProbe.Received> all = probe.on(Topics.link(hangup));
            LinkDiagnostics d = all.get(all.size() - 1).as(LinkDiagnostics.class);
            assertTrue(all.get(0).retained() || all.size() > 1, "retained");
            assertEquals("127.0.0.1", d.host());
            assertTrue(d.endpoint().startsWith("tcp://127.0.0.1:"), d.endpoint());
            assertTrue(d.reconnects() >= d.replies() - 2, "one session per request: " + d);
            assertEquals(0, d.timeouts(), d.toString());
            assertEquals(0, d.malformed(), d.toString());
            assertNotNull(d.latencyP50Ms());
            assertTrue(d.latencyP99Ms() >= d.latencyP50Ms(), d.toString());
        }
    }

    @Test
    void garbageRepliesShowAsMalformedWithTheLastErrorAndItsTime() throws Exception {
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.link(plain))) {
            simulator(plain, "fault?mode=garbage");
            try {
                await().atMost(WAIT).until(() -> probe.on(Topics.link(plain), LinkDiagnostics.class).stream()
                        .anyMatch(d -> d.malformed() >= 2 && d.lastError() != null));
            } finally {
                simulator(plain, "fault?mode=none");
            }
            LinkDiagnostics d = probe.on(Topics.link(plain), LinkDiagnostics.class).stream()
                    .filter(x -> x.malformed() >= 2).findFirst().orElseThrow();
            assertTrue(d.lastError().contains("rejected reply"), d.lastError());
            assertNotNull(d.lastErrorTs());
        }
    }

    @Test
    void metersPerDeviceServerHostAndPerUps() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("upsfleet_gateway_link_host_reconnects_total{host=\"127.0.0.1\"}"))
                .body(containsString("upsfleet_gateway_link_host_reply_latency_milliseconds{host=\"127.0.0.1\",quantile=\"0.99\"}"))
                .body(containsString("upsfleet_gateway_link_ups_timeouts_total{ups=\"" + split + "\"}"))
                .body(containsString("upsfleet_gateway_link_ups_latency_p99_milliseconds{ups=\"" + hangup + "\"}")));
    }

    private void simulator(String unit, String action) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/units/" + unit + "/" + action))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
