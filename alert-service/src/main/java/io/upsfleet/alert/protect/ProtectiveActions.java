package io.upsfleet.alert.protect;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.metrics.Counts;
import io.upsfleet.alert.notify.AlarmEdgeTaken;
import io.upsfleet.alert.notify.AlertRepository;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Protective shutdown (off unless enabled per UPS): on battery AND battery low -> retained
 * {@link HostShutdownNotice} SHUTDOWN, then after the grace time a {@code SHUTDOWN_RESTORE} command; mains
 * back during the grace -> CANCELLED and no command. The sequence lives in protect_sequence, every step
 * in protect_event, so a restart mid-grace carries on where it stopped. The decisions are
 * {@link ProtectPolicy}'s.
 */
@ApplicationScoped
public class ProtectiveActions {

    private static final Logger LOG = Logger.getLogger(ProtectiveActions.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final int BATCH = 50;

    @Inject
    AlertConfig config;
    @Inject
    ProtectRepository sequences;
    @Inject
    AlertRepository alerts;
    @Inject
    Counts counts;
    @Inject
    NutLogins nutLogins;
    @Inject
    @Channel("protect-out")
    MutinyEmitter<byte[]> out;

    /**
     * An ON_BATTERY, LOW_BATTERY or RUNTIME_LOW edge may start or end the UPS's sequence. A synchronous
     * observer: it runs on the intake's thread inside the edge's transaction, so the sequence changes
     * with the edge that caused it or not at all.
     */
    void onEdge(@Observes AlarmEdgeTaken edge) {
        String upsId = edge.condition().upsId();
        if (!ProtectPolicy.concerns(edge.condition().alarm())) {
            return;
        }
        Optional<AlertConfig.Protect> settings = ProtectPolicy.settingsFor(config.protect(), upsId)
                .filter(AlertConfig.Protect::enabled);
        if (settings.isEmpty()) {
            return;
        }
        ProtectPolicy.onEdge(upsId, settings.get(), alerts.raisedAlarms(upsId), sequences.lockActive(upsId), edge.at(),
                UUID.randomUUID().toString(), nutLogins.hosts(upsId).size()).ifPresent(change -> {
            if (change instanceof ProtectPolicy.Change.Start start) {
                sequences.insert(start.sequence());
                record(start.sequence().noticeId(), upsId, "STARTED", start.detail());
            } else if (change instanceof ProtectPolicy.Change.End end) {
                sequences.end(end.noticeId(), end.state(), edge.at());
                record(end.noticeId(), upsId, end.step(), end.detail());
            }
        });
    }

    /** Publishes notices not yet published and sends the commands whose grace time is over. */
    public void advance(Instant now) {
        for (String noticeId : sequences.dueIds(now, BATCH)) {
            // One transaction per sequence, committed right after its publish (a step published is a step
            // recorded), holding the sequence's row lock meanwhile so no other replica publishes it too.
            QuarkusTransaction.requiringNew().run(() -> step(noticeId, now));
        }
    }

    private void step(String noticeId, Instant now) {
        Optional<Sequence> due = sequences.lockIfDue(noticeId, now);
        if (due.isEmpty()) {
            return; // done meanwhile, or another replica has it
        }
        Sequence s = due.get();
        ProtectPolicy.Step step = ProtectPolicy.next(s, now, nutLogins.hosts(s.upsId()));
        step.notice().ifPresent(notice -> {
            publish(Topics.hostShutdown(s.upsId()), Json.toBytes(notice), true);
            sequences.markPublished(s.noticeId());
            record(s.noticeId(), s.upsId(), "NOTICE_" + notice.action(), "retained on " + Topics.hostShutdown(s.upsId()));
            counts.increment("upsfleet.alert.protect.steps", "step", "notice_" + notice.action().name().toLowerCase());
        });
        step.command().ifPresent(command -> {
            publish(Topics.command(s.upsId()), Json.toBytes(command), false);
            sequences.markCommanded(s.noticeId(), command.commandId());
            record(s.noticeId(), s.upsId(), "COMMAND_SENT", "SHUTDOWN_RESTORE shutdownMinutes=" + command.shutdownMinutes()
                    + " restoreMinutes=" + command.restoreMinutes() + " commandId=" + command.commandId() + ": " + step.why());
            counts.increment("upsfleet.alert.protect.steps", "step", "command");
        });
    }

    private void record(String noticeId, String upsId, String step, String detail) {
        sequences.record(noticeId, upsId, step, detail);
        LOG.warnf("Protective action %s on %s (sequence %s): %s", step, upsId, noticeId, detail);
    }

    private void publish(String topic, byte[] payload, boolean retain) {
        Message<byte[]> message = Message.of(payload, Metadata.of(
                new SendingMqttMessageMetadata(topic, MqttQoS.AT_LEAST_ONCE, retain)));
        out.sendMessage(message).await().atMost(PUBLISH_TIMEOUT);
    }
}
