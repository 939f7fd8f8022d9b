package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;

/**
 * The MQTT channels mib-service consumes, each with the payload type its topic carries. The channel
 * names match {@code mp.messaging.incoming.<name>} in application.properties.
 */
public enum IngestChannel {
    READINGS("readings", Topics.ALL_READINGS, Reading.class, false),
    STATUS("status", Topics.ALL_STATUS, UpsStatus.class, true),
    IDENTITIES("identities", Topics.ALL_IDENTITIES, Identity.class, true),
    ALARMS("alarms", Topics.ALL_ALARMS, AlarmEvent.class, false),
    COMMANDS("commands", Topics.ALL_COMMANDS, CommandRequest.class, false),
    COMMAND_RESULTS("command-results", Topics.ALL_COMMAND_RESULTS, CommandResult.class, false);

    public final String channelName;
    public final String topicFilter;
    public final Class<?> payloadType;
    /** Published retained: an empty payload there clears the retained state and is ignored. */
    public final boolean retained;

    IngestChannel(String channelName, String topicFilter, Class<?> payloadType, boolean retained) {
        this.retained = retained;
        this.channelName = channelName;
        this.topicFilter = topicFilter;
        this.payloadType = payloadType;
    }

    public static boolean isIngestChannel(String name) {
        for (IngestChannel c : values()) {
            if (c.channelName.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
