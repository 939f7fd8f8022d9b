package io.upsfleet.web.command;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.UpsMessages;
import io.upsfleet.web.live.IntakeConfig;
import io.upsfleet.web.live.IntakeMetrics;
import io.upsfleet.web.live.LiveEvent;
import io.upsfleet.web.live.LiveHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;

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
    private final UpsMessages.TimeWindow window;

    public CommandResultConsumer(CommandRepository commands, LiveHub hub, IntakeMetrics metrics, CommandConfig config,
                                 IntakeConfig intake) {
        this.commands = commands;
        this.hub = hub;
        this.metrics = metrics;
        this.config = config;
        this.window = intake.window();
    }

    void announce(@Observes StartupEvent event) {
        LOG.infof("command results: shared subscription, group '%s' (replicas of one web-api share it)", config.resultGroup());
    }

    /**
     * Each message decided on its own. A result that breaks the contract, names another UPS than its topic
     * or carries a timestamp outside the accepted window is logged, counted and acknowledged (mib-service
     * keeps it as a dead letter, since it takes every per-UPS topic too). A database failure is logged and
     * the message acknowledged: the row keeps its last state, and reads fall back to mib-service's event
     * log, which holds every result.
     */
    @Incoming("command-results")
    public Uni<Void> onResult(Message<byte[]> message) {
        CommandResult result;
        try {
            result = UpsMessages.decode(topic(message), message.getPayload(), CommandResult.class);
            String clock = window.problem(result.ts(), Instant.now(), true);
            if (clock != null) {
                throw new InvalidPayloadException("CommandResult from " + result.gatewayId() + ": " + clock);
            }
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
