package io.upsfleet.mib.ingest;

import io.upsfleet.contracts.FromGateway;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.UpsMessages;
import io.upsfleet.contracts.UpsPayload;

import java.time.Instant;

/** Turns a received message into a contract payload, or explains why it breaks the contract. */
final class PayloadDecoder {

    private PayloadDecoder() {
    }

    static Decoded decode(IngestChannel channel, Inbound inbound, UpsMessages.TimeWindow window, Instant now) {
        try {
            UpsPayload payload = UpsMessages.decode(inbound.topic(), inbound.payload(), channel.payloadType);
            String clock = window.problem(payload.ts(), now, !channel.retained);
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
