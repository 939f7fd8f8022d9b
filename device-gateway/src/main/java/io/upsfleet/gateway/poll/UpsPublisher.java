package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.contracts.Text;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.gateway.megatec.InfoReply;
import io.upsfleet.gateway.megatec.RatingReply;
import io.upsfleet.gateway.mqtt.Outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns what one UPS said into the contract's payloads on that UPS's topics. Texts that may quote a device
 * or an error (alarm messages, command details) are made printable and bounded, as the contract requires.
 */
final class UpsPublisher {

    private final String upsId;
    private final String gatewayId;
    private final Outbox outbox;

    UpsPublisher(String upsId, String gatewayId, Outbox outbox) {
        this.upsId = upsId;
        this.gatewayId = gatewayId;
        this.outbox = outbox;
    }

    void reading(Reading reading) {
        outbox.publish(Topics.reading(upsId), reading, false);
    }

    void edges(List<AlarmTracker.Edge> edges, Instant ts) {
        for (AlarmTracker.Edge edge : edges) {
            outbox.publish(Topics.alarm(upsId), new AlarmEvent(AlarmEvent.VERSION, UUID.randomUUID().toString(),
                    upsId, gatewayId, ts, edge.alarm(), edge.state(), null, Text.printable(edge.message(), Text.MESSAGE_MAX)), false);
        }
    }

    /** Retained: a new subscriber sees the current state at once. */
    void status(Instant ts, boolean commLost, StatusFlags flags, Instant lastReadingTs) {
        outbox.publish(Topics.status(upsId), new UpsStatus(UpsStatus.VERSION, upsId, gatewayId, ts,
                commLost ? UpsStatus.CommState.LOST : UpsStatus.CommState.OK,
                flags == null ? null : flags.bits(), flags == null ? List.of() : flags.nutTokens(), lastReadingTs), true);
    }

    /** Retained; {@code info} or {@code rating} is null when the UPS does not answer that request. */
    void identity(Instant ts, InfoReply info, RatingReply rating) {
        outbox.publish(Topics.identity(upsId), new Identity(Identity.VERSION, upsId, gatewayId, ts,
                info == null ? null : info.manufacturer(), info == null ? null : info.model(), info == null ? null : info.firmware(),
                rating == null ? null : rating.ratedVoltage(), rating == null ? null : rating.ratedCurrent(),
                rating == null ? null : rating.nominalBatteryVoltage(), rating == null ? null : rating.ratedFrequency()), true);
    }

    void commandResult(CommandRequest request, CommandOutcome outcome, String detail, Instant ts) {
        commandResult(request.commandId(), request.command(), outcome, detail, ts);
    }

    /** {@code command} is null for a request too malformed to say which command it was. */
    void commandResult(String commandId, CommandType command, CommandOutcome outcome, String detail, Instant ts) {
        outbox.publish(Topics.commandResult(upsId), new CommandResult(CommandResult.VERSION, commandId,
                upsId, gatewayId, command, outcome, Text.printable(detail, Text.MESSAGE_MAX), ts), false);
    }
}
