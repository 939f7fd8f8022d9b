package io.upsfleet.nut.bus;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.contracts.Topics;
import io.upsfleet.nut.NutConfig;
import io.upsfleet.nut.fleet.Logins;
import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.protocol.NutBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What nut-server publishes: command requests (QoS 1, on the UPS's command topic) and, retained, the list of
 * NUT clients logged in to each UPS on this replica ({@link NutClients} on
 * {@code upsfleet/v1/ups/<id>/nut-clients/<serverId>}).
 */
@ApplicationScoped
public class BusOut implements NutBackend.CommandSink {

    private static final Logger LOG = Logger.getLogger(BusOut.class);

    @Inject
    @Channel("nut-out")
    MutinyEmitter<byte[]> out;

    @Inject
    NutConfig config;

    @Inject
    Logins logins;

    @Inject
    NutMetrics metrics;

    @Inject
    Clock clock;

    /** Every UPS whose list this replica published: a clean stop removes them. */
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<Void> publish(CommandRequest request) {
        LOG.infof("Instant command %s (%s) on %s by NUT user %s", request.command(), request.commandId(), request.upsId(),
                request.requestedBy());
        return send(Topics.command(request.upsId()), Json.toBytes(request), false)
                .thenRun(() -> metrics.commandSent(request.command().name()));
    }

    /** Publishes the current list of every UPS whose logins changed (called from one timer, so in order). */
    public void publishChangedClientLists() {
        for (String upsId : logins.drainChanged()) {
            List<NutClients.Client> clients = logins.clients(upsId);
            NutClients list = new NutClients(NutClients.VERSION, upsId, config.serverId(), clock.instant(), clients);
            published.add(upsId);
            send(Topics.nutClients(upsId, config.serverId()), Json.toBytes(list), true).whenComplete((ok, failed) -> {
                if (failed != null) {
                    LOG.warnf("could not publish the NUT clients of %s (%s); retrying", upsId, failed.toString());
                    logins.markChanged(upsId);
                }
            });
        }
    }

    /**
     * A clean stop: this replica serves nobody any more, so its retained lists are removed (an empty retained
     * message), not left behind as hosts that seem to be logged in. Waits for the broker, at most the
     * publish timeout.
     */
    public void removeClientLists() {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String upsId : published) {
            sent.add(send(Topics.nutClients(upsId, config.serverId()), new byte[0], true).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("could not remove this replica's NUT client lists: %s", e.toString());
        }
    }

    private CompletionStage<Void> send(String topic, byte[] payload, boolean retain) {
        Message<byte[]> message = Message.of(payload).addMetadata(new SendingMqttMessageMetadata(topic, MqttQoS.AT_LEAST_ONCE, retain));
        return out.sendMessage(message).ifNoItem().after(config.publishTimeout()).fail().subscribeAsCompletionStage();
    }
}
