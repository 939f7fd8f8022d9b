package io.upsfleet.mib.ingest;

import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import io.upsfleet.mqtt.Puback;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * One received MQTT message. The broker's PUBACK is sent by {@link #ack()} only, after the message is
 * stored: the MQTT client runs with auto-ack off (see {@link ManualAckClientCustomizer}).
 */
public final class Inbound {

    private final Message<byte[]> message;
    private final ReceivingMqttMessageMetadata mqtt;
    /** The connector copies the payload out of its buffer on every getPayload(): copied once here. */
    private final byte[] payload;

    Inbound(Message<byte[]> message) {
        this.message = message;
        this.mqtt = message.getMetadata(ReceivingMqttMessageMetadata.class).orElse(null);
        this.payload = message.getPayload();
    }

    public String topic() {
        return mqtt == null ? "" : mqtt.getTopic();
    }

    public byte[] payload() {
        return payload;
    }

    public boolean redelivered() {
        return mqtt != null && mqtt.isDuplicate();
    }

    /** Sends the PUBACK; false if the connection it came on is gone (the broker then owns the message again). */
    boolean ack() {
        boolean sent = Puback.send(message);
        message.ack();
        return sent;
    }

    /** The first characters of the payload, for a log line (never the whole payload). */
    public static String prefix(byte[] payload, int max) {
        if (payload == null) {
            return "<null>";
        }
        String text = new String(payload, 0, Math.min(payload.length, max), StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", "?");
        return payload.length > max ? text + "..." : text;
    }
}
