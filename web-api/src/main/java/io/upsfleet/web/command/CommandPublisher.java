package io.upsfleet.web.command;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes a command request on the UPS's own command topic, QoS 1, not retained. */
@ApplicationScoped
public class CommandPublisher {

    @Inject
    @Channel("commands")
    MutinyEmitter<byte[]> emitter;

    @Inject
    CommandConfig config;

    public Uni<Void> publish(CommandRequest request) {
        Message<byte[]> message = Message.of(Json.toBytes(request))
                .addMetadata(new SendingMqttMessageMetadata(Topics.command(request.upsId()), MqttQoS.AT_LEAST_ONCE, false));
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .ifNoItem().after(config.publishTimeout()).fail();
    }
}
