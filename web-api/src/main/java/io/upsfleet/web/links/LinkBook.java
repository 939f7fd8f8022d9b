package io.upsfleet.web.links;

import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsMessages;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways' retained link figures ({@code upsfleet/v1/ups/+/link}), latest per UPS, kept in memory from
 * the bus like the live status; summed per device-server host for the operator's overview.
 */
@ApplicationScoped
public class LinkBook {

    /**
     * The UPS units behind one device-server host, summed: counters added up, {@code failureRatio} =
     * (timeouts + malformed) / requests, the worst p99 latency of its units, its most recent error.
     */
    public record HostSummary(String host, int units, long requests, long replies, long timeouts, long malformed,
                              long reconnects, long sessionsEnded, long connectFailures, double failureRatio,
                              Double worstLatencyP99Ms, String worstUps, String lastError, Instant lastErrorTs,
                              String lastErrorUps) {
    }

    private final Map<String, LinkDiagnostics> byUps = new ConcurrentHashMap<>();

    /** Takes one message; an empty retained payload removes the UPS's figures. Throws InvalidPayloadException. */
    void take(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            Topics.upsIdOf(topic).ifPresent(byUps::remove);
            return;
        }
        LinkDiagnostics d = UpsMessages.decode(topic, payload, LinkDiagnostics.class);
        byUps.merge(d.upsId(), d, (old, fresh) -> fresh.ts().isBefore(old.ts()) ? old : fresh);
    }

    public Optional<LinkDiagnostics> of(String upsId) {
        return Optional.ofNullable(byUps.get(upsId));
    }

    /** One summary per host, by name. */
    public List<HostSummary> hosts() {
        Map<String, List<LinkDiagnostics>> grouped = new TreeMap<>();
        byUps.values().forEach(d -> grouped.computeIfAbsent(d.host(), h -> new ArrayList<>()).add(d));
        List<HostSummary> out = new ArrayList<>();
        grouped.forEach((host, units) -> out.add(summarize(host, units)));
        return out;
    }

    static HostSummary summarize(String host, List<LinkDiagnostics> units) {
        long requests = 0, replies = 0, timeouts = 0, malformed = 0, reconnects = 0, ended = 0, failures = 0;
        LinkDiagnostics worst = null;
        LinkDiagnostics lastError = null;
        for (LinkDiagnostics d : units) {
            requests += d.requests();
            replies += d.replies();
            timeouts += d.timeouts();
            malformed += d.malformed();
            reconnects += d.reconnects();
            ended += d.sessionsEnded();
            failures += d.connectFailures();
            if (d.latencyP99Ms() != null && (worst == null || d.latencyP99Ms() > worst.latencyP99Ms())) {
                worst = d;
            }
            if (d.lastErrorTs() != null && (lastError == null || d.lastErrorTs().isAfter(lastError.lastErrorTs()))) {
                lastError = d;
            }
        }
        double ratio = requests == 0 ? 0 : Math.min(1.0, (double) (timeouts + malformed) / requests);
        units.sort(Comparator.comparing(LinkDiagnostics::upsId));
        return new HostSummary(host, units.size(), requests, replies, timeouts, malformed, reconnects, ended, failures,
                Math.round(ratio * 10000) / 10000.0, worst == null ? null : worst.latencyP99Ms(), worst == null ? null : worst.upsId(),
                lastError == null ? null : lastError.lastError(), lastError == null ? null : lastError.lastErrorTs(),
                lastError == null ? null : lastError.upsId());
    }
}
