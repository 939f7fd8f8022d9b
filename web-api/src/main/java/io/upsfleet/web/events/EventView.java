package io.upsfleet.web.events;

import java.time.Instant;

/** One entry of the event log written by mib-service (alarms raised/cleared, comm lost/restored, commands). */
public record EventView(String eventId, String upsId, Instant ts, String kind, String type, String severity,
                        String message, Object details) {
}
