package io.upsfleet.gateway.mqtt;

import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads, once at start, the retained status this gateway last published for each of its UPS units: the
 * state it had when it stopped, so that alarms that ended while it was down are cleared (and ones still
 * open are not raised twice). A broker that is away or slow only means starting from nothing, as before.
 */
public final class RetainedStatusReader {

    private static final Logger LOG = Logger.getLogger(RetainedStatusReader.class);
    /** The broker sends retained messages right after SUBACK: this long without one means it is done. */
    private static final long QUIET_MILLIS = 500;

    private RetainedStatusReader() {
    }

    public static Map<String, UpsStatus> read(BrokerConnection broker, String gatewayId, Set<String> upsIds, Duration timeout) {
        Map<String, UpsStatus> found = new ConcurrentHashMap<>();
        if (timeout.isZero() || upsIds.isEmpty()) {
            return found;
        }
        CountDownLatch all = new CountDownLatch(1);
        AtomicLong lastArrival = new AtomicLong();
        MqttClient client = null;
        try {
            client = new MqttClient(broker.uri(), "upsfleet-gateway-restore-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            broker.applyTo(options);
            options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
            client.connect(options);
            client.subscribe(Topics.ALL_STATUS, 1, (topic, message) -> {
                lastArrival.set(System.nanoTime());
                if (!message.isRetained() || message.getPayload().length == 0) {
                    return; // only the state kept from before we started
                }
                try {
                    UpsStatus status = Json.parse(message.getPayload(), UpsStatus.class);
                    if (gatewayId.equals(status.gatewayId()) && upsIds.contains(status.upsId())
                            && topic.equals(Topics.status(status.upsId()))) {
                        found.put(status.upsId(), status);
                        if (found.size() == upsIds.size()) {
                            all.countDown();
                        }
                    }
                } catch (InvalidPayloadException e) {
                    LOG.debugf("ignoring unreadable retained status on %s: %s", topic, e.getMessage());
                }
            });
            long subscribed = System.nanoTime();
            long deadline = subscribed + timeout.toNanos();
            lastArrival.compareAndSet(0, subscribed);
            // until every unit is found, or the retained messages stopped coming, or the time is up
            while (!all.await(50, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline
                    && System.nanoTime() - lastArrival.get() < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                // waiting
            }
            LOG.debugf("retained status of %d of %d unit(s) found", found.size(), upsIds.size());
        } catch (MqttException e) {
            LOG.warnf("Could not read the last published status of the fleet (%s): open alarms are not restored,"
                    + " alarms that ended while the gateway was down will not be cleared", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(client);
        }
        return Map.copyOf(found);
    }

    private static void close(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException ignored) {
            // closing a client that failed to start
        }
    }
}
