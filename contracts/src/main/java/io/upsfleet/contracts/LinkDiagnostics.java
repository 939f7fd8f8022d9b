package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * How the line to one UPS behaves, as the gateway polling it sees it: published retained on
 * {@link Topics#link(String)} every diagnostics interval and when a new kind of error shows, so an operator
 * sees a device server that drops replies before the UPS goes dark. Counters run from {@code since} (the
 * gateway's start); latencies are over the most recent replies.
 *
 * @param v              payload version
 * @param upsId          the UPS
 * @param gatewayId      the gateway polling it
 * @param ts             when these figures were taken
 * @param endpoint       where the line goes ({@code tcp://host:port}, {@code rfc2217://...}, {@code serial:/dev/...}); no credentials
 * @param host           the device server host ({@code host} of the endpoint), or {@code local} for a serial port of the gateway
 * @param since          start of the counters
 * @param requests       requests sent (polls, identity queries, commands, re-sent queries)
 * @param replies        replies received
 * @param timeouts       requests that got no reply in time
 * @param malformed      replies rejected (garbage, truncated, implausible)
 * @param connects       sessions opened (the first one included)
 * @param reconnects     sessions opened after the first
 * @param sessionsEnded  sessions the far end closed while a request waited for its reply
 * @param connectFailures connects that failed (refused, timed out, not RFC 2217, port missing)
 * @param latencyP50Ms   median reply latency over the recent replies, null before the first
 * @param latencyP99Ms   99th percentile of the same
 * @param lastError      the last error, printable and bounded, null if none yet
 * @param lastErrorTs    when it happened
 * @param proposedQuirks firmware quirks the replies show (device-gateway QuirkDetector: {@code no-info},
 *                       {@code blank-firmware}, {@code cells=N}, {@code stuck-shutdown-bit}, {@code ignores-commands}),
 *                       proposed to the operator and never applied by themselves; null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkDiagnostics(int v, String upsId, String gatewayId, Instant ts, String endpoint, String host, Instant since,
                              long requests, long replies, long timeouts, long malformed, long connects, long reconnects,
                              long sessionsEnded, long connectFailures, Double latencyP50Ms, Double latencyP99Ms,
                              String lastError, Instant lastErrorTs, List<String> proposedQuirks) implements UpsPayload, FromGateway {

    public static final int VERSION = 1;
    private static final String TYPE = "LinkDiagnostics";

    public LinkDiagnostics {
        Check.version(v, VERSION, TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(gatewayId, "gatewayId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.notNull(endpoint, "endpoint", TYPE);
        Check.text(endpoint, Text.MESSAGE_MAX, "endpoint", TYPE);
        Check.notNull(host, "host", TYPE);
        Check.text(host, Text.NAME_MAX * 4, "host", TYPE);
        Check.notNull(since, "since", TYPE);
        for (long count : new long[]{requests, replies, timeouts, malformed, connects, reconnects, sessionsEnded, connectFailures}) {
            if (count < 0) {
                throw new InvalidPayloadException(TYPE + ": counters must not be negative");
            }
        }
        Check.range(latencyP50Ms, 0, 3_600_000, "latencyP50Ms", TYPE);
        Check.range(latencyP99Ms, 0, 3_600_000, "latencyP99Ms", TYPE);
        Check.text(lastError, Text.MESSAGE_MAX, "lastError", TYPE);
        if (proposedQuirks != null) {
            if (proposedQuirks.size() > 20) {
                throw new InvalidPayloadException(TYPE + ": at most 20 proposed quirks");
            }
            proposedQuirks.forEach(q -> Check.text(Check.notNull(q, "proposedQuirks", TYPE), Text.NAME_MAX, "proposedQuirks", TYPE));
            proposedQuirks = List.copyOf(proposedQuirks);
        }
    }

    /** Share of requests that got no good reply (timeouts and malformed), 0 when nothing was sent yet. */
    public double failureRatio() {
        return requests == 0 ? 0 : Math.min(1.0, (double) (timeouts + malformed) / requests);
    }
}
