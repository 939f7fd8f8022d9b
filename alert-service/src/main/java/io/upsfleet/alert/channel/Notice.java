package io.upsfleet.alert.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a channel delivers (also the JSON body of the webhook). {@code kind}: RAISED, CLEARED,
 * FLAPPING, FLAPPING_ENDED (the flapping stopped; its message says in which state it settled) or ESCALATED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notice(UUID alertId, Kind kind, String upsId, AlarmType alarm, Severity severity, String message,
                     String site, List<String> tags, Instant raisedAt, Instant at) {

    public enum Kind { RAISED, CLEARED, FLAPPING, FLAPPING_ENDED, ESCALATED }

    /** The notice ends what an earlier one of the same alert started (a pager incident is resolved). */
    public boolean ends() {
        return kind == Kind.CLEARED || kind == Kind.FLAPPING_ENDED;
    }

    public String subject() {
        String where = site == null || site.isBlank() ? "" : " at " + site;
        return switch (kind) {
            case RAISED -> "[upsfleet] " + severity + ": " + alarm + " on " + upsId + where;
            case CLEARED -> "[upsfleet] cleared: " + alarm + " on " + upsId + where;
            case FLAPPING -> "[upsfleet] flapping: " + alarm + " on " + upsId + where + " (notices paused until stable)";
            case FLAPPING_ENDED -> "[upsfleet] stopped flapping: " + alarm + " on " + upsId + where;
            case ESCALATED -> "[upsfleet] ESCALATED, unacknowledged " + severity + ": " + alarm + " on " + upsId + where;
        };
    }

    public String text() {
        return subject() + "\n\n"
                + "UPS:      " + upsId + "\n"
                + "Alarm:    " + alarm + " (" + severity + ")\n"
                + "Message:  " + (message == null ? "" : message) + "\n"
                + "Site:     " + (site == null ? "" : site) + "\n"
                + "Tags:     " + (tags == null ? "" : String.join(",", tags)) + "\n"
                + "Raised:   " + raisedAt + "\n"
                + "Notice:   " + kind + " at " + at + "\n"
                + "Alert id: " + alertId + " (acknowledge: POST /api/alerts/" + alertId + "/ack)\n";
    }
}
