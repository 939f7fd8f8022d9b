package io.upsfleet.gateway.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.gateway.mqtt.BrokerConnection;
import io.upsfleet.gateway.mqtt.PahoOutbox;
import io.upsfleet.mqtt.security.BusSecurity;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.RetainedMessages;
import io.upsfleet.testsupport.TcpProxy;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The journal behind the real Paho client and the real Mosquitto, with the broker connection cut in the
 * middle of a stream: every message arrives, and every PUBACK reaches the journal (also those of messages
 * Paho sends again after the reconnect), so the journal drains to nothing.
 */
class JournalOutboxAgainstBrokerTest {

    @TempDir
    Path dir;

    @Test
    void everyMessageArrivesAndIsAcknowledgedAcrossABrokerCut() throws Exception {
        Infra infra = Infra.get();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String gateway = "gw-jo-" + suffix;
        String ups = "jo-" + suffix;
        Map<Instant, AtomicInteger> seen = new ConcurrentHashMap<>();
        MqttClient subscriber = new MqttClient(infra.mqttUri(), "jo-sub-" + suffix, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        subscriber.connect(options);
        subscriber.subscribe(Topics.reading(ups), 1, (t, m) ->
                seen.computeIfAbsent(Json.parse(m.getPayload(), Reading.class).ts(), k -> new AtomicInteger()).incrementAndGet());

        Journal journal = Journal.open(new Journal.Settings(dir.resolve("journal"), 1L << 30, 1L << 20, Duration.ofMillis(20),
                2000, 64L << 20));
        try (TcpProxy broker = new TcpProxy(infra.mqttHost, infra.mqttPort)) {
            BrokerConnection connection = new BrokerConnection("127.0.0.1", broker.port(), BusSecurity.none());
            PahoOutbox outbox = new PahoOutbox(new PahoOutbox.Settings(connection.uri(), "upsfleet-gateway-" + gateway,
                    gateway, "memory", dir.resolve("mqtt").toString(), 1000, 1000, 100, connection), new SimpleMeterRegistry(), (t, p) -> { });
            outbox.useJournal(journal);
            outbox.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(outbox::isConnected);
                Instant base = Instant.parse("2026-01-01T00:00:00Z");
                int n = 3000;
                for (int i = 0; i < n; i++) {
                    if (i == 1000) {
                        broker.cut();
                    } else if (i == 2000) {
                        broker.restore();
                    }
                    outbox.publish(Topics.reading(ups), new Reading(Reading.VERSION, ups, gateway, base.plusMillis(i), 230.0, 230.0,
                            230.0, 20, 50.0, 27.0, 25.0, "00001000", null, 100.0, 600), false);
                    Thread.sleep(1);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == n);
                await().atMost(Duration.ofSeconds(30)).until(journal::drained);
                assertEquals(n, seen.size());
                assertEquals(journal.appended(), journal.watermark(), "every record acknowledged, the ONLINE messages too");
            } finally {
                outbox.close();
            }
        } finally {
            journal.close();
            subscriber.disconnect();
            MqttSessions.discard(infra.mqttUri(), "jo-sub-" + suffix);
            MqttSessions.discard(infra.mqttUri(), "upsfleet-gateway-" + gateway);
            RetainedMessages.clear(infra.mqttUri(), List.of(Topics.gatewayAvailability(gateway)));
        }
    }
}
