package io.upsfleet.gateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Text;
import io.upsfleet.contracts.Topics;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Takes command messages off MQTT: checks them against the contract, ignores UPS units other gateways
 * own, and drops redeliveries of a command id already taken (QoS 1 may deliver twice). A command that
 * breaks the contract but names a usable command id is answered REJECTED with the reason (once per id);
 * one without a usable id can only be counted and logged.
 */
public final class CommandInbox {

    private static final Logger LOG = Logger.getLogger(CommandInbox.class);
    private static final int REMEMBERED_IDS = 10_000;

    private final Function<String, Optional<CommandTarget>> ownerOf;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private final LongAdder invalid = new LongAdder();

    /** @param ownerOf for a UPS id, the target that executes its commands, if this gateway owns it */
    public CommandInbox(Function<String, Optional<CommandTarget>> ownerOf) {
        this.ownerOf = ownerOf;
    }

    public void onMessage(String topic, byte[] payload) {
        Optional<String> topicUps = Topics.upsIdOf(topic);
        if (topicUps.isEmpty() || !topic.equals(Topics.command(topicUps.get()))) {
            return; // not a command topic
        }
        Optional<CommandTarget> owner = ownerOf.apply(topicUps.get());
        if (owner.isEmpty()) {
            return; // another gateway's UPS
        }
        CommandRequest request;
        try {
            request = Json.parse(payload, CommandRequest.class);
        } catch (InvalidPayloadException e) {
            refuse(owner.get(), topic, commandIdOf(payload), e.getMessage());
            return;
        }
        if (!request.upsId().equals(topicUps.get())) {
            refuse(owner.get(), topic, Optional.of(request.commandId()),
                    "payload upsId " + request.upsId() + " does not match the topic's UPS " + topicUps.get());
            return;
        }
        if (firstDelivery(request.commandId())) {
            owner.get().submit(request);
        } else {
            LOG.debugf("duplicate delivery of command %s ignored", request.commandId());
        }
    }

    private void refuse(CommandTarget owner, String topic, Optional<String> commandId, String reason) {
        invalid.increment();
        String why = Text.printable(reason, Text.MESSAGE_MAX);
        LOG.warnf("invalid command on %s%s: %s", topic, commandId.map(id -> " (id " + id + ")").orElse(", no usable command id"), why);
        if (commandId.isPresent() && firstDelivery(commandId.get())) {
            owner.refuse(commandId.get(), why);
        }
    }

    private boolean firstDelivery(String commandId) {
        synchronized (seen) {
            return seen.put(commandId, Boolean.TRUE) == null;
        }
    }

    /** The command id of a payload that failed the contract, if it has a usable one. */
    static Optional<String> commandIdOf(byte[] payload) {
        try {
            JsonNode id = Json.mapper().readTree(payload).path("commandId");
            return id.isTextual() && Topics.isValidId(id.textValue()) ? Optional.of(id.textValue()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not JSON (or not an object): nothing to answer to
        }
    }

    /** Commands for this gateway's units that broke the contract (answered or not). */
    public long invalidCount() {
        return invalid.sum();
    }
}
