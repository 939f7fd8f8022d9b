package io.upsfleet.web.command;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.web.live.IntakeMetrics;
import io.upsfleet.web.live.LiveEvent;
import io.upsfleet.web.live.LiveHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Gateway answers to commands, via a shared subscription (one replica stores each answer). The audit
 * row is updated, and the answer goes to this replica's SSE clients.
 */
@ApplicationScoped
public class CommandResultConsumer {

    private static final Logger LOG = Logger.getLogger(CommandResultConsumer.class);

    private final CommandRepository commands;
    private final LiveHub hub;
    private final IntakeMetrics metrics;
    private final CommandConfig config;

    public CommandResultConsumer(CommandRepository commands, LiveHub hub, IntakeMetrics metrics, CommandConfig config) {
        this.commands = commands;
        this.hub = hub;
        this.metrics = metrics;
        this.config = config;
    }

    void announce(@Observes StartupEvent event) {
        LOG.infof("command results: shared subscription, group '%s' (replicas of one web-api share it)", config.resultGroup());
    }

    @Incoming("command-results")
    public Uni<Void> onResult(Message<byte[]> message) {
        CommandResult result;
        try {
            result = Json.parse(message.getPayload(), CommandResult.class);
        } catch (InvalidPayloadException e) {
            metrics.invalid();
            LOG.warnf("ignoring invalid command result on %s: %s", topic(message), e.getMessage());
            return Uni.createFrom().completionStage(message.ack());
        }
        CommandResult r = result;
        return commands.applyResult(r)
                .invoke(changed -> {
                    if (changed) {
                        metrics.commandResultApplied();
                    } else {
                        LOG.debugf("command result %s %s not applied (unknown or already final)", r.commandId(), r.outcome());
                    }
                    hub.publish(new LiveEvent("command", r.upsId(), r.ts(), r));
                })
                .onFailure().invoke(e -> LOG.errorf(e, "cannot store result of command %s", r.commandId()))
                // acknowledged either way: a database outage must not stop the channel; the row keeps its last state
                .onItemOrFailure().transformToUni((x, e) -> Uni.createFrom().completionStage(message.ack()));
    }

    private static String topic(Message<?> message) {
        return message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("?");
    }
}
