package io.upsfleet.alert.protect;

import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.alert.metrics.Counts;
import io.upsfleet.alert.notify.AlertWorkDue;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.NutLoginBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The hosts logged in to each UPS over NUT (upsmon secondaries on nut-server), from nut-server's retained
 * lists; a plain subscription per replica, so every replica knows them all. A change wakes the worker: a
 * protective sequence waiting for its hosts to log out sends its command as soon as they have.
 */
@ApplicationScoped
public class NutLogins {

    private static final Logger LOG = Logger.getLogger(NutLogins.class);

    private final NutLoginBook book = new NutLoginBook();

    @Inject
    Event<AlertWorkDue> workDue;
    @Inject
    Counts counts;

    @Incoming("nut-clients")
    public CompletionStage<Void> onList(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("?");
        try {
            book.take(topic, message.getPayload());
            workDue.fire(AlertWorkDue.now());
        } catch (InvalidPayloadException e) {
            counts.increment("upsfleet.alert.nut.clients.invalid");
            LOG.warnf("Ignoring an invalid NUT client list on %s: %s", topic, e.getMessage());
        } catch (RuntimeException e) {
            counts.increment("upsfleet.alert.nut.clients.invalid");
            LOG.errorf(e, "Cannot take the NUT client list on %s", topic);
        }
        return message.ack();
    }

    /** The hosts logged in to {@code upsId} now, on any nut-server replica. */
    public List<NutLoginBook.Host> hosts(String upsId) {
        return book.hosts(upsId);
    }
}
