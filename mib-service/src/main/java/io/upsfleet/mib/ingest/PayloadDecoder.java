package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.FromGateway;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsPayload;

import java.time.Instant;

/** Turns a received message into a contract payload, or explains why it breaks the contract. */
final class PayloadDecoder {

    private PayloadDecoder() {
    }

    static Decoded decode(IngestChannel channel, Inbound inbound, TimeWindow window, Instant now) {
        try {
            UpsPayload payload = Json.parse(inbound.payload(), channel.payloadType);
            String topicUps = Topics.upsIdOf(inbound.topic())
                    .orElseThrow(() -> new InvalidPayloadException("topic '" + inbound.topic() + "' carries no valid UPS id"));
            String payloadUps = payload.upsId();
            if (!topicUps.equals(payloadUps)) {
                throw new InvalidPayloadException(channel.payloadType.getSimpleName() + ": upsId '" + payloadUps
                        + "' does not match the topic's UPS id '" + topicUps + "'");
            }
            String clock = window.problem(payload, channel.retained, now);
            if (clock != null) {
                String sender = payload instanceof FromGateway g ? g.gatewayId() : "-";
                return new Decoded(inbound, null, channel.payloadType.getSimpleName() + " from " + sender + ": " + clock, sender);
            }
            return Decoded.valid(inbound, payload);
        } catch (InvalidPayloadException e) {
            return Decoded.deadLetter(inbound, e.getMessage());
        } catch (RuntimeException e) {
            // Anything else a parser may throw is still the message's fault, never the consumer's.
            return Decoded.deadLetter(inbound, channel.payloadType.getSimpleName() + ": " + e);
        }
    }
}
