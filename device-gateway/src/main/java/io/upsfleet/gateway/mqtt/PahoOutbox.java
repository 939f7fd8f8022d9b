package io.upsfleet.gateway.mqtt;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.upsfleet.contracts.GatewayAvailability;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.gateway.journal.Journal;
import io.upsfleet.gateway.journal.MessageKinds;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The gateway's MQTT side, on the Eclipse Paho client. Outgoing messages go through one queue and one
 * sender thread, so they reach the broker in the order they were produced. While the broker is away,
 * Paho's offline buffer (persisted with file persistence) holds them, and our queue holds what does not
 * fit; only when both are full is a message dropped, counted and logged. The broker announces a crashed
 * gateway through the OFFLINE last will on the availability topic.
 *
 * <p>With a {@link Journal} (the default, see {@link #useJournal}) the queue and Paho's offline buffer are
 * not used: every message is appended to the journal, the sender publishes what the journal has committed
 * to disk, in order, while connected, and each PUBACK acknowledges the record in the journal.
 */
public final class PahoOutbox implements Outbox, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PahoOutbox.class);

    public record Settings(String brokerUri, String clientId, String gatewayId, String persistence, String persistenceDir,
                           int offlineBuffer, int queueCapacity, int maxInflight, BrokerConnection broker) {
    }

    private record Outgoing(String topic, byte[] payload, boolean retained) {
    }

    private final Settings settings;
    private final MqttAsyncClient client;
    private final BlockingQueue<Outgoing> queue;
    private final Thread sender;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Counted here, read by Micrometer (see GatewayMetrics for why not a plain Counter). */
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder produced = new LongAdder();
    private volatile Journal journal;
    private final BiConsumer<String, byte[]> inbound;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean everConnected;
    private long lastOverflowLog;

    /**
     * @param inbound receives messages of the subscriptions (topic, payload) on Paho's thread; must not throw
     */
    public PahoOutbox(Settings settings, MeterRegistry registry, BiConsumer<String, byte[]> inbound) throws MqttException {
        this.settings = settings;
        this.inbound = inbound;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        FunctionCounter.builder("upsfleet.gateway.mqtt.published", published, LongAdder::sum).register(registry);
        FunctionCounter.builder("upsfleet.gateway.mqtt.produced", produced, LongAdder::sum)
                .description("messages the gateway produced (each then journaled or queued)").register(registry);
        FunctionCounter.builder("upsfleet.gateway.mqtt.dropped", dropped, LongAdder::sum)
                .description("messages lost because the offline buffer and the queue were both full").register(registry);
        registry.gauge("upsfleet.gateway.mqtt.queue.size", queue, BlockingQueue::size);
        this.client = new MqttAsyncClient(settings.brokerUri(), settings.clientId(), persistence(settings));
        client.setBufferOpts(bufferOptions(settings));
        registry.gauge("upsfleet.gateway.mqtt.offline.buffered", client, c -> c.getBufferedMessageCount());
        registry.gauge("upsfleet.gateway.mqtt.connected", client, c -> c.isConnected() ? 1 : 0);
        client.setCallback(new Callback());
        this.sender = new Thread(this::sendLoop, "mqtt-sender");
        this.sender.setDaemon(true);
    }

    private static MqttClientPersistence persistence(Settings s) {
        if ("memory".equalsIgnoreCase(s.persistence())) {
            return new MemoryPersistence();
        }
        try {
            Files.createDirectories(Path.of(s.persistenceDir()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create MQTT persistence directory " + s.persistenceDir(), e);
        }
        return new MqttDefaultFilePersistence(s.persistenceDir());
    }

    private static DisconnectedBufferOptions bufferOptions(Settings s) {
        DisconnectedBufferOptions options = new DisconnectedBufferOptions();
        options.setBufferEnabled(true);
        options.setBufferSize(s.offlineBuffer());
        // Paho 1.2.5 cannot write its offline buffer to file persistence while disconnected (it closes the
        // store on connection loss: "Failed to persist buffered message"), so the buffer lives in memory.
        options.setPersistBuffer(false);
        options.setDeleteOldestMessages(false);
        return options;
    }

    /**
     * Makes the journal the outbox's store (call before {@link #start}): messages are journaled instead of
     * queued, published from the journal and acknowledged to it; Paho's offline buffer is off (the journal
     * holds what the broker has not taken).
     */
    public void useJournal(Journal journal) {
        this.journal = journal;
        DisconnectedBufferOptions none = new DisconnectedBufferOptions();
        none.setBufferEnabled(false);
        client.setBufferOpts(none);
    }

    /** Starts connecting in the background; the gateway polls meanwhile and its messages queue up. */
    public void start() {
        sender.start();
        Thread connector = new Thread(this::connectUntilUp, "mqtt-connect");
        connector.setDaemon(true);
        connector.start();
    }

    private void connectUntilUp() {
        long delay = 500;
        while (running.get() && !everConnected) {
            try {
                client.connect(connectOptions()).waitForCompletion(15_000);
                return; // from now on Paho reconnects by itself
            } catch (MqttException e) {
                settings.broker().failed(e);
                LOG.warnf("MQTT broker %s not reachable (%s); retrying in %d ms", settings.brokerUri(), e.getMessage(), delay);
                sleep(delay);
                delay = Math.min(delay * 2, 30_000);
            }
        }
    }

    private MqttConnectOptions connectOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setServerURIs(new String[]{settings.brokerUri()});
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(30_000);
        o.setCleanSession(false); // the broker keeps our command subscription and queued commands while we are away
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setMaxInflight(settings.maxInflight());
        settings.broker().applyTo(o);
        o.setWill(Topics.gatewayAvailability(settings.gatewayId()),
                Json.toBytes(new GatewayAvailability(GatewayAvailability.VERSION, settings.gatewayId(),
                        GatewayAvailability.State.OFFLINE, null)), 1, true);
        return o;
    }

    @Override
    public void publish(String topic, Object payload, boolean retained) {
        produced.increment();
        Journal j = journal;
        if (j != null) {
            j.append(MessageKinds.of(payload), topic, Json.toBytes(payload), retained); // a refusal is counted there
            return;
        }
        Outgoing message = new Outgoing(topic, Json.toBytes(payload), retained);
        if (!queue.offer(message)) {
            dropped.increment();
            long now = System.currentTimeMillis();
            if (now - lastOverflowLog > 10_000) {
                lastOverflowLog = now;
                LOG.errorf("MQTT outbox full (%d queued, %d in Paho's offline buffer): dropping messages; broker %s connected=%s",
                        queue.size(), client.getBufferedMessageCount(), settings.brokerUri(), client.isConnected());
            }
        }
    }

    private void sendLoop() {
        if (journal != null) {
            sendJournalLoop(journal);
            return;
        }
        Outgoing next = null;
        while (running.get() || !queue.isEmpty()) {
            try {
                if (next == null) {
                    next = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        continue;
                    }
                }
                MqttMessage m = new MqttMessage(next.payload());
                m.setQos(1);
                m.setRetained(next.retained());
                client.publish(next.topic(), m);
                published.increment();
                next = null;
            } catch (MqttException e) {
                // Not yet connected, too many in flight, or the offline buffer is full: keep the message
                // (order preserved) and try again shortly.
                switch (e.getReasonCode()) {
                    case MqttException.REASON_CODE_MAX_INFLIGHT -> LockSupport.parkNanos(200_000);
                    default -> sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "MQTT publish to %s failed; message dropped", next == null ? "?" : next.topic());
                dropped.increment();
                next = null;
            }
        }
    }

    /** Publishes what the journal committed, in order, only while connected (the journal is the buffer). */
    private void sendJournalLoop(Journal j) {
        Journal.Record next = null;
        while (running.get()) {
            try {
                if (next == null) {
                    next = j.next(200);
                    if (next == null) {
                        continue;
                    }
                }
                if (!client.isConnected()) {
                    sleep(50);
                    continue;
                }
                MqttMessage m = new MqttMessage(next.payload());
                m.setQos(1);
                m.setRetained(next.retained());
                j.handedOut(next.seq());
                client.publish(next.topic(), m, next.seq(), null); // the seq comes back with the PUBACK
                published.increment();
                next = null;
            } catch (MqttException e) {
                switch (e.getReasonCode()) {
                    case MqttException.REASON_CODE_MAX_INFLIGHT -> LockSupport.parkNanos(200_000);
                    default -> sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Not a connection problem (it would be an MqttException): this record can never be sent.
                LOG.errorf(e, "MQTT publish to %s failed; message dropped", next == null ? "?" : next.topic());
                dropped.increment();
                if (next != null) {
                    j.acknowledge(next.seq());
                }
                next = null;
            }
        }
    }

    public void subscribe(String filter) {
        subscriptions.add(filter);
        if (client.isConnected()) {
            doSubscribe(filter);
        }
    }

    private void doSubscribe(String filter) {
        try {
            client.subscribe(filter, 1);
        } catch (MqttException e) {
            LOG.errorf("MQTT subscribe to %s failed: %s", filter, e.getMessage());
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public int pending() {
        Journal j = journal;
        if (j != null) {
            return (int) Math.min(Integer.MAX_VALUE, j.backlog());
        }
        return queue.size() + client.getBufferedMessageCount();
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            everConnected = true;
            settings.broker().connected();
            LOG.infof("MQTT %s to %s as %s", reconnect ? "reconnected" : "connected", serverURI, settings.clientId());
            subscriptions.forEach(PahoOutbox.this::doSubscribe);
            publish(Topics.gatewayAvailability(settings.gatewayId()), new GatewayAvailability(GatewayAvailability.VERSION,
                    settings.gatewayId(), GatewayAvailability.State.ONLINE, Instant.now()), true);
        }

        @Override
        public void connectionLost(Throwable cause) {
            Throwable root = cause;
            while (root != null && root.getCause() != null) {
                root = root.getCause();
            }
            LOG.warnf("MQTT connection to %s lost (%s); buffering until it is back", settings.brokerUri(),
                    root == null ? "unknown" : root.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                inbound.accept(topic, message.getPayload());
            } catch (RuntimeException e) {
                // Never let an exception reach Paho: it would drop the connection.
                LOG.errorf(e, "error handling MQTT message on %s", topic);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Without a journal, delivery is tracked by Paho's persistence; with it, the PUBACK trims the journal.
            Journal j = journal;
            if (j != null && token.getUserContext() instanceof Long seq) {
                j.acknowledge(seq);
            }
        }
    }

    /** Waits up to {@code timeoutMillis} for everything queued to reach the broker. */
    public boolean flush(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (journal != null) {
                if (journal.drained()) {
                    return true;
                }
            } else if (queue.isEmpty() && client.getBufferedMessageCount() == 0 && client.getPendingDeliveryTokens().length == 0) {
                return true;
            }
            sleep(20);
        }
        return false;
    }

    @Override
    public void close() {
        flush(2000);
        running.set(false);
        try {
            sender.join(2000);
            if (client.isConnected()) {
                // A clean stop: say OFFLINE ourselves (the will is only sent on an unclean disconnect).
                MqttMessage offline = new MqttMessage(Json.toBytes(new GatewayAvailability(GatewayAvailability.VERSION,
                        settings.gatewayId(), GatewayAvailability.State.OFFLINE, Instant.now())));
                offline.setQos(1);
                offline.setRetained(true);
                client.publish(Topics.gatewayAvailability(settings.gatewayId()), offline).waitForCompletion(2000);
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debugf("MQTT close: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
