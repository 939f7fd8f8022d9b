package io.upsfleet.web.live;

import java.time.Instant;

/**
 * What the SSE streams carry: {@code type} is "status" (an {@link io.upsfleet.contracts.UpsStatus}),
 * "alarm" (an {@link io.upsfleet.contracts.AlarmEvent}) or "command" (a
 * {@link io.upsfleet.contracts.CommandResult}); {@code data} is that payload unchanged.
 */
public record LiveEvent(String type, String upsId, Instant ts, Object data) {
}
