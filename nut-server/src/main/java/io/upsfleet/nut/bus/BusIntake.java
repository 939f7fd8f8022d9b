package io.upsfleet.nut.bus;

import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Text;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsMessages;
import io.upsfleet.contracts.UpsPayload;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.nut.NutConfig;
import io.upsfleet.nut.fleet.Fleet;
import io.upsfleet.nut.fleet.Logins;
import io.upsfleet.nut.metrics.NutMetrics;
import io.upsfleet.nut.protocol.Tracking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The bus as nut-server reads it: plain (not shared) subscriptions, since every replica serves every UPS.
 * Each message is decided on its own: a payload that breaks the contract, or names another UPS than its
 * topic, is logged once and counted, and never holds up the next one. An empty retained message removes
 * that part of the UPS's state.
 */
@ApplicationScoped
public class BusIntake {

    private static final Logger LOG = Logger.getLogger(BusIntake.class);

    private final Fleet fleet;
    private final Tracking tracking;
    private final Logins logins;
    private final NutMetrics metrics;
    private final Clock clock;
    private final UpsMessages.TimeWindow window;

    public BusIntake(Fleet fleet, Tracking tracking, Logins logins, NutMetrics metrics, Clock clock, NutConfig config) {
        this.window = new UpsMessages.TimeWindow(config.time().maxFuture(), config.time().maxPast());
        this.fleet = fleet;
        this.tracking = tracking;
        this.logins = logins;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Incoming("status")
    public CompletionStage<Void> status(Message<byte[]> m) {
        return take(m, "status", UpsStatus.class, RETAINED, fleet::apply);
    }

    @Incoming("identity")
    public CompletionStage<Void> identity(Message<byte[]> m) {
        return take(m, "identity", Identity.class, RETAINED, fleet::apply);
    }

    @Incoming("reading")
    public CompletionStage<Void> reading(Message<byte[]> m) {
        return take(m, "reading", Reading.class, EVENT, r -> fleet.apply(r, clock.instant()));
    }

    @Incoming("alarm")
    public CompletionStage<Void> alarm(Message<byte[]> m) {
        return take(m, "alarm", AlarmEvent.class, EVENT, fleet::apply);
    }

    @Incoming("command-result")
    public CompletionStage<Void> commandResult(Message<byte[]> m) {
        return take(m, "command-result", CommandResult.class, EVENT, r -> {
            tracking.result(r.commandId(), r.outcome());
            fleet.apply(r);
        });
    }

    @Incoming("host-shutdown")
    public CompletionStage<Void> hostShutdown(Message<byte[]> m) {
        return take(m, "host-shutdown", HostShutdownNotice.class, RETAINED, n -> {
            if (n.action() == HostShutdownNotice.Action.SHUTDOWN) {
                LOG.warnf("Host shutdown notice %s for %s: FSD in force (%s)", n.noticeId(), n.upsId(), n.reason());
            }
            fleet.apply(n);
        });
    }

    /**
     * This replica's own client lists as the broker keeps them: one that differs from the logins here (left by
     * an earlier run of this replica that died) is published again from the current logins.
     */
    @Incoming("own-clients")
    public CompletionStage<Void> ownClients(Message<byte[]> m) {
        return take(m, "own-clients", NutClients.class, RETAINED, kept -> {
            if (!kept.clients().equals(logins.clients(kept.upsId()))) {
                logins.markChanged(kept.upsId());
            }
        });
    }

    /** Retained states may be as old as their last change; events are bounded in the past too. */
    private static final boolean RETAINED = false;
    private static final boolean EVENT = true;

    private <T extends UpsPayload> CompletionStage<Void> take(Message<byte[]> m, String kind, Class<T> type,
                                                              boolean boundedInThePast, Consumer<T> apply) {
        String topic = topic(m);
        try {
            byte[] payload = m.getPayload();
            Optional<String> topicUps = Topics.upsIdOf(topic);
            if (payload == null || payload.length == 0) {
                topicUps.ifPresent(id -> fleet.cleared(id, Topics.leafOf(topic)));
                return m.ack();
            }
            T parsed = UpsMessages.decode(topic, payload, type);
            String late = window.problem(parsed.ts(), clock.instant(), boundedInThePast);
            if (late != null) {
                throw new InvalidPayloadException(type.getSimpleName() + ": " + late);
            }
            apply.accept(parsed);
            metrics.received(kind);
        } catch (InvalidPayloadException e) {
            metrics.invalid(kind);
            LOG.warnf("ignoring an invalid message on %s: %s", Text.printable(topic, 200), e.getMessage());
        } catch (RuntimeException e) {
            metrics.invalid(kind);
            LOG.errorf(e, "cannot apply a message from %s", Text.printable(topic, 200));
        }
        return m.ack();
    }

    private static String topic(Message<?> m) {
        return m.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("?");
    }
}
