package io.upsfleet.gateway.command;

import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Takes command messages off MQTT: checks them against the contract, ignores UPS units other gateways
 * own, and drops redeliveries of a command id already taken (QoS 1 may deliver twice).
 */
public final class CommandInbox {

    private static final Logger LOG = Logger.getLogger(CommandInbox.class);
    private static final int REMEMBERED_IDS = 10_000;

    private final Function<String, Optional<Consumer<CommandRequest>>> ownerOf;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private long rejected;

    /** @param ownerOf for a UPS id, the consumer that executes its commands, if this gateway owns it */
    public CommandInbox(Function<String, Optional<Consumer<CommandRequest>>> ownerOf) {
        this.ownerOf = ownerOf;
    }

    public void onMessage(String topic, byte[] payload) {
        Optional<String> topicUps = Topics.upsIdOf(topic);
        if (topicUps.isEmpty() || !topic.equals(Topics.command(topicUps.get()))) {
            return; // not a command topic
        }
        Optional<Consumer<CommandRequest>> owner = ownerOf.apply(topicUps.get());
        if (owner.isEmpty()) {
            return; // another gateway's UPS
        }
        CommandRequest request;
        try {
            request = Json.parse(payload, CommandRequest.class);
        } catch (InvalidPayloadException e) {
            rejected();
            LOG.warnf("ignored malformed command on %s: %s", topic, e.getMessage());
            return;
        }
        if (!request.upsId().equals(topicUps.get())) {
            rejected();
            LOG.warnf("ignored command %s: payload upsId %s does not match topic %s", request.commandId(), request.upsId(), topic);
            return;
        }
        synchronized (seen) {
            if (seen.put(request.commandId(), Boolean.TRUE) != null) {
                LOG.debugf("duplicate delivery of command %s ignored", request.commandId());
                return;
            }
        }
        owner.get().accept(request);
    }

    private synchronized void rejected() {
        rejected++;
    }

    public synchronized long rejectedCount() {
        return rejected;
    }
}
