package io.upsfleet.gateway.linkdiag;

import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Text;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one UPS's line: counts since the start, the latencies of the most recent replies, the
 * last error. Written on the UPS's context, read by the diagnostics publisher and the metrics: every
 * method is synchronized (one lock per UPS, taken a few times per poll).
 */
public final class LinkStats {

    /** Latency percentiles are over this many most recent replies. */
    static final int WINDOW = 256;

    private final String upsId;
    private final String endpoint;
    private final String host;
    private final Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private long requests;
    private long replies;
    private long timeouts;
    private long malformed;
    private long connects;
    private long sessionsEnded;
    private long connectFailures;
    private final double[] latencies = new double[WINDOW];
    private int latencyCount;
    private int latencyNext;
    private String lastError;
    private Instant lastErrorTs;
    private String lastErrorKind;
    private final java.util.Set<String> proposedQuirks = new java.util.TreeSet<>();
    /** A kind of error not seen in the previous published snapshot: publish now rather than at the next interval. */
    private boolean newErrorKind;

    public LinkStats(String upsId, String endpoint, String host) {
        this.upsId = upsId;
        this.endpoint = endpoint;
        this.host = host;
    }

    public String upsId() {
        return upsId;
    }

    public String host() {
        return host;
    }

    synchronized void request() {
        requests++;
    }

    synchronized void reply(double latencyMs) {
        replies++;
        latencies[latencyNext] = latencyMs;
        latencyNext = (latencyNext + 1) % WINDOW;
        latencyCount = Math.min(WINDOW, latencyCount + 1);
    }

    synchronized void timeout(String why) {
        timeouts++;
        error("timeout", why);
    }

    synchronized void malformed(String why) {
        malformed++;
        error("malformed", why);
    }

    synchronized void connected() {
        connects++;
    }

    synchronized void sessionEnded(String why) {
        sessionsEnded++;
        error("ended", why);
    }

    synchronized void connectFailed(String why) {
        connectFailures++;
        error("connect", why);
    }

    synchronized void broken(String why) {
        error("broken", why);
    }

    private void error(String kind, String why) {
        lastError = Text.printable(why, Text.MESSAGE_MAX);
        lastErrorTs = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (!kind.equals(lastErrorKind)) {
            newErrorKind = true;
        }
        lastErrorKind = kind;
    }

    synchronized void proposeQuirk(String quirk) {
        if (proposedQuirks.add(quirk)) {
            newErrorKind = true; // published soon, like a new kind of error
        }
    }

    /** True once after an error of a new kind (see the field). */
    synchronized boolean takeNewErrorKind() {
        boolean n = newErrorKind;
        newErrorKind = false;
        return n;
    }

    public synchronized long timeouts() {
        return timeouts;
    }

    public synchronized long malformedCount() {
        return malformed;
    }

    public synchronized long reconnects() {
        return Math.max(0, connects - 1);
    }

    public synchronized long connectFailures() {
        return connectFailures;
    }

    public synchronized long sessionsEnded() {
        return sessionsEnded;
    }

    /** The {@code p}-quantile (0..1) of the recent reply latencies in ms, NaN before the first reply. */
    public synchronized double latencyMs(double p) {
        if (latencyCount == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        // nearest rank
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public synchronized LinkDiagnostics snapshot(String gatewayId) {
        double p50 = latencyMs(0.5);
        double p99 = latencyMs(0.99);
        return new LinkDiagnostics(LinkDiagnostics.VERSION, upsId, gatewayId, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                endpoint, host, since, requests, replies, timeouts, malformed, connects, Math.max(0, connects - 1),
                sessionsEnded, connectFailures, Double.isNaN(p50) ? null : round(p50), Double.isNaN(p99) ? null : round(p99),
                lastError, lastErrorTs, proposedQuirks.isEmpty() ? null : List.copyOf(proposedQuirks));
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
