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

    /** Null for a message taken back from the {@link Spool} (acknowledged to the broker when it was spooled). */
    private final Message<byte[]> message;
    private final String topic;
    /** The connector copies the payload out of its buffer on every getPayload(): copied once here. */
    private final byte[] payload;
    private final boolean redelivered;

    Inbound(Message<byte[]> message) {
        ReceivingMqttMessageMetadata mqtt = message.getMetadata(ReceivingMqttMessageMetadata.class).orElse(null);
        this.message = message;
        this.topic = mqtt == null ? "" : mqtt.getTopic();
        this.payload = message.getPayload();
        this.redelivered = mqtt != null && mqtt.isDuplicate();
    }

    private Inbound(String topic, byte[] payload) {
        this.message = null;
        this.topic = topic;
        this.payload = payload;
        this.redelivered = false;
    }

    /** A message taken back from the spool: already acknowledged to the broker. */
    static Inbound spooled(Spool.Message m) {
        return new Inbound(m.topic(), m.payload());
    }

    public String topic() {
        return topic;
    }

    public byte[] payload() {
        return payload;
    }

    public boolean redelivered() {
        return redelivered;
    }

    /** Sends the PUBACK; false if the connection it came on is gone (the broker then owns the message again). */
    boolean ack() {
        if (message == null) {
            return true;
        }
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
