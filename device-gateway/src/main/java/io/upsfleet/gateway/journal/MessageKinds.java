package io.upsfleet.gateway.journal;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.GatewayAvailability;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.UpsStatus;

/** Which journal kind a gateway payload is (decides what may be dropped when the journal is full). */
public final class MessageKinds {

    private MessageKinds() {
    }

    public static Journal.Kind of(Object payload) {
        if (payload instanceof Reading) {
            return Journal.Kind.READING;
        }
        if (payload instanceof UpsStatus) {
            return Journal.Kind.STATUS;
        }
        if (payload instanceof AlarmEvent) {
            return Journal.Kind.ALARM;
        }
        if (payload instanceof CommandResult) {
            return Journal.Kind.COMMAND_RESULT;
        }
        if (payload instanceof Identity) {
            return Journal.Kind.IDENTITY;
        }
        if (payload instanceof GatewayAvailability) {
            return Journal.Kind.AVAILABILITY;
        }
        return Journal.Kind.OTHER;
    }
}
