package io.upsfleet.gateway.mqtt;

/** Where the gateway's messages go: every message QoS 1, in order, buffered while the broker is away. */
public interface Outbox {

    void publish(String topic, Object payload, boolean retained);
}
