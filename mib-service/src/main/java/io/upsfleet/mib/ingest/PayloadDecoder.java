package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsPayload;

/** Turns a received message into a contract payload, or explains why it breaks the contract. */
final class PayloadDecoder {

    private PayloadDecoder() {
    }

    static Decoded decode(IngestChannel channel, Inbound inbound) {
        try {
            UpsPayload payload = Json.parse(inbound.payload(), channel.payloadType);
            String topicUps = Topics.upsIdOf(inbound.topic())
                    .orElseThrow(() -> new InvalidPayloadException("topic '" + inbound.topic() + "' carries no valid UPS id"));
            String payloadUps = payload.upsId();
            if (!topicUps.equals(payloadUps)) {
                throw new InvalidPayloadException(channel.payloadType.getSimpleName() + ": upsId '" + payloadUps
                        + "' does not match the topic's UPS id '" + topicUps + "'");
            }
            return new Decoded(inbound, payload, null);
        } catch (InvalidPayloadException e) {
            return new Decoded(inbound, null, e.getMessage());
        } catch (RuntimeException e) {
            // Anything else a parser may throw is still the message's fault, never the consumer's.
            return new Decoded(inbound, null, channel.payloadType.getSimpleName() + ": " + e);
        }
    }
}
