package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one UPS, published retained on {@link Topics#status(String)} whenever it changes,
 * so a new subscriber sees the whole fleet at once.
 *
 * @param v          payload version
 * @param upsId      UPS id
 * @param gatewayId  the gateway responsible for it
 * @param ts         when this state was determined
 * @param comm       communication state with the UPS
 * @param flags      last known raw Q1 flags, null before the first good poll
 * @param status     NUT-style tokens; COMM_LOST adds no token, see {@code comm}
 * @param lastReadingTs time of the last good poll, null if none yet
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpsStatus(int v, String upsId, String gatewayId, Instant ts, CommState comm,
                        String flags, List<String> status, Instant lastReadingTs) implements UpsPayload, FromGateway {

    public static final int VERSION = 1;
    private static final String TYPE = "UpsStatus";

    public enum CommState { OK, LOST }

    public UpsStatus {
        Check.version(v, VERSION, TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.notNull(comm, "comm", TYPE);
        if (flags != null) {
            StatusFlags.parse(flags);
        }
        status = status == null ? List.of() : List.copyOf(Check.tokens(status, "status", TYPE));
    }
}
