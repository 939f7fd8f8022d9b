package io.upsfleet.gateway.linkdiag;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Topics;
import io.upsfleet.gateway.link.UpsLink;
import io.upsfleet.gateway.mqtt.Outbox;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Per-link diagnostics of the whole gateway: measures each UPS's link ({@link MeasuredLink}), publishes each
 * UPS's {@link LinkDiagnostics} retained on {@code upsfleet/v1/ups/{id}/link} every interval and within a
 * second or so of a new kind of error (at most once per {@link #MIN_SPACING_MS} per UPS), and exposes meters
 * per device-server host (always) and per UPS (unless turned off for very large fleets):
 * <pre>
 * upsfleet_gateway_link_host_reply_latency_milliseconds{host}  (p50, p99)
 * upsfleet_gateway_link_host_{timeouts,malformed,reconnects,connect_failures,sessions_ended}_total{host}
 * upsfleet_gateway_link_ups_{timeouts,malformed,reconnects}_total{ups}, upsfleet_gateway_link_ups_latency_p99_milliseconds{ups}
 * </pre>
 */
public final class LinkDiagnosticsHub {

    static final long MIN_SPACING_MS = 5000;

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Outbox outbox;
    private final String gatewayId;
    private final Duration interval;
    private final boolean perUpsMetrics;
    private final Map<String, LinkStats> byUps = new ConcurrentHashMap<>();
    private final Map<String, Host> byHost = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPublished = new ConcurrentHashMap<>();
    private long periodic = -1;
    private long errorCheck = -1;

    /** The meters of one device-server host over its UPS units' links. */
    private final class Host {
        final List<LinkStats> links = new CopyOnWriteArrayList<>();
        final DistributionSummary latency;

        Host(String host) {
            latency = DistributionSummary.builder("upsfleet.gateway.link.host.reply.latency").baseUnit("milliseconds")
                    .description("reply latency of the UPS units behind one device-server host, connect included when needed")
                    .tag("host", host).publishPercentiles(0.5, 0.99)
                    .distributionStatisticExpiry(Duration.ofSeconds(60)).distributionStatisticBufferLength(3)
                    .register(registry);
            hostCounter(host, "timeouts", "requests without a reply in time", LinkStats::timeouts);
            hostCounter(host, "malformed", "replies rejected", LinkStats::malformedCount);
            hostCounter(host, "reconnects", "sessions opened after the first", LinkStats::reconnects);
            hostCounter(host, "connect.failures", "connects that failed", LinkStats::connectFailures);
            hostCounter(host, "sessions.ended", "sessions the far end closed while a request waited", LinkStats::sessionsEnded);
        }

        private void hostCounter(String host, String name, String description, ToDoubleFunction<LinkStats> value) {
            FunctionCounter.builder("upsfleet.gateway.link.host." + name, links,
                            l -> l.stream().mapToDouble(value).sum())
                    .description(description + " (all UPS units behind this host)").tag("host", host).register(registry);
        }
    }

    public LinkDiagnosticsHub(Vertx vertx, MeterRegistry registry, Outbox outbox, String gatewayId, Duration interval,
                              boolean perUpsMetrics) {
        this.vertx = vertx;
        this.registry = registry;
        this.outbox = outbox;
        this.gatewayId = gatewayId;
        this.interval = interval;
        this.perUpsMetrics = perUpsMetrics;
    }

    /** Wraps the link of {@code upsId} so it is measured; {@code host} is the device server's ({@code local} for a serial port). */
    public UpsLink measure(String upsId, String host, UpsLink link) {
        LinkStats stats = new LinkStats(upsId, link.describe(), host);
        byUps.put(upsId, stats);
        Host h = byHost.computeIfAbsent(host, Host::new);
        h.links.add(stats);
        if (perUpsMetrics) {
            FunctionCounter.builder("upsfleet.gateway.link.ups.timeouts", stats, LinkStats::timeouts).tag("ups", upsId).register(registry);
            FunctionCounter.builder("upsfleet.gateway.link.ups.malformed", stats, LinkStats::malformedCount).tag("ups", upsId).register(registry);
            FunctionCounter.builder("upsfleet.gateway.link.ups.reconnects", stats, LinkStats::reconnects).tag("ups", upsId).register(registry);
            Gauge.builder("upsfleet.gateway.link.ups.latency.p99", stats, s -> s.latencyMs(0.99)).baseUnit("milliseconds")
                    .tag("ups", upsId).register(registry);
        }
        return new MeasuredLink(link, stats, h.latency::record);
    }

    public void start() {
        periodic = vertx.setPeriodic(Math.max(1000, interval.toMillis()), t -> byUps.values().forEach(this::publish));
        errorCheck = vertx.setPeriodic(1000, t -> {
            long now = System.currentTimeMillis();
            for (LinkStats stats : byUps.values()) {
                if (now - lastPublished.getOrDefault(stats.upsId(), 0L) >= MIN_SPACING_MS && stats.takeNewErrorKind()) {
                    publish(stats);
                }
            }
        });
    }

    private void publish(LinkStats stats) {
        lastPublished.put(stats.upsId(), System.currentTimeMillis());
        outbox.publish(Topics.link(stats.upsId()), stats.snapshot(gatewayId), true);
    }

    public Optional<LinkDiagnostics> snapshot(String upsId) {
        return Optional.ofNullable(byUps.get(upsId)).map(s -> s.snapshot(gatewayId));
    }

    public void stop() {
        if (periodic >= 0) {
            vertx.cancelTimer(periodic);
        }
        if (errorCheck >= 0) {
            vertx.cancelTimer(errorCheck);
        }
    }

    /** The device server's host of a connection URI's endpoint, {@code local} for a port of this machine. */
    public static String hostOf(String describe) {
        int scheme = describe.indexOf("://");
        if (scheme < 0) {
            return "local";
        }
        String rest = describe.substring(scheme + 3);
        int colon = rest.lastIndexOf(':');
        return colon > 0 ? rest.substring(0, colon) : rest;
    }
}
