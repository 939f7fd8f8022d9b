package io.upsfleet.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The broker's acknowledgement of a received QoS 1/2 message, for channels whose MQTT client runs with
 * auto-ack off ({@code MqttClientSessionOptions.setAutoAck(false)}): the SmallRye connector's own
 * {@code Message.ack()} does not send it.
 */
public final class Puback {

    private Puback() {
    }

    /**
     * Sends the PUBACK (PUBCOMP for QoS 2) for the message; false if the connection it came on is gone
     * (the broker then still owns the message and redelivers it on the next connection).
     */
    public static boolean send(Message<?> message) {
        ReceivingMqttMessageMetadata mqtt = message.getMetadata(ReceivingMqttMessageMetadata.class).orElse(null);
        if (mqtt == null || mqtt.getQosLevel() == MqttQoS.AT_MOST_ONCE) {
            return true;
        }
        try {
            mqtt.getMessage().getDelegate().ack();
            return true;
        } catch (RuntimeException connectionGoneOrAlreadyAcked) {
            return false;
        }
    }
}
