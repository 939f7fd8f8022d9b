package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsPayload;
import io.upsfleet.contracts.UpsStatus;

/**
 * The kinds of per-UPS message mib-service stores, each with the topic leaf and payload type it is
 * known by. All arrive on one MQTT subscription ({@link #MQTT_CHANNEL}, {@code $share/<group>/upsfleet/v1/ups/#})
 * and are told apart by topic: one subscription costs the connector one topic match per message, six cost
 * six. {@link #channelName} is the {@code channel} tag of the ingest metrics.
 */
public enum IngestChannel {
    READINGS("readings", Topics.READING, Reading.class, false),
    STATUS("status", Topics.STATUS, UpsStatus.class, true),
    IDENTITIES("identities", Topics.IDENTITY, Identity.class, true),
    ALARMS("alarms", Topics.ALARM, AlarmEvent.class, false),
    COMMANDS("commands", Topics.COMMAND, CommandRequest.class, false),
    COMMAND_RESULTS("command-results", Topics.COMMAND_RESULT, CommandResult.class, false);

    /** The one reactive-messaging channel ({@code mp.messaging.incoming.ups-topics.*}). */
    public static final String MQTT_CHANNEL = "ups-topics";

    public final String channelName;
    public final String topicLeaf;
    public final Class<? extends UpsPayload> payloadType;
    /** Published retained: an empty payload there clears the retained state and is ignored. */
    public final boolean retained;

    IngestChannel(String channelName, String topicLeaf, Class<? extends UpsPayload> payloadType, boolean retained) {
        this.retained = retained;
        this.channelName = channelName;
        this.topicLeaf = topicLeaf;
        this.payloadType = payloadType;
    }

    /** The kind a topic carries, or null for topics mib-service does not store (host-shutdown, unknown leaves). */
    public static IngestChannel ofTopic(String topic) {
        String leaf = Topics.leafOf(topic);
        if (leaf == null) {
            return null;
        }
        return switch (leaf) {
            case Topics.READING -> READINGS;
            case Topics.STATUS -> STATUS;
            case Topics.IDENTITY -> IDENTITIES;
            case Topics.ALARM -> ALARMS;
            case Topics.COMMAND -> COMMANDS;
            case Topics.COMMAND_RESULT -> COMMAND_RESULTS;
            default -> null;
        };
    }
}
