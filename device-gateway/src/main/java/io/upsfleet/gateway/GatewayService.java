package io.upsfleet.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.gateway.command.CommandInbox;
import io.upsfleet.gateway.command.CommandTarget;
import io.upsfleet.gateway.config.BrokerConfig;
import io.upsfleet.gateway.config.FleetLoader;
import io.upsfleet.gateway.config.GatewayConfig;
import io.upsfleet.gateway.config.UpsDefinition;
import io.upsfleet.gateway.link.SerialLink;
import io.upsfleet.gateway.link.TcpLink;
import io.upsfleet.gateway.link.UpsLink;
import io.upsfleet.gateway.mqtt.BrokerConnection;
import io.upsfleet.gateway.link.rfc2217.Rfc2217Protocol;
import io.upsfleet.gateway.journal.Journal;
import io.upsfleet.gateway.journal.JournalMetrics;
import io.upsfleet.gateway.linkdiag.LinkDiagnosticsHub;
import io.upsfleet.gateway.mqtt.PahoOutbox;
import io.upsfleet.gateway.mqtt.RetainedStatusReader;
import io.upsfleet.gateway.poll.AppliedQuirks;
import io.upsfleet.gateway.poll.GatewayMetrics;
import io.upsfleet.gateway.poll.UpsPoller;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wires the gateway at start: fleet from config, one poller per UPS, the MQTT outbox and command inbox. */
@ApplicationScoped
public class GatewayService {

    private static final Logger LOG = Logger.getLogger(GatewayService.class);

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    BrokerConfig brokerConfig;

    private final Map<String, UpsPoller> pollers = new LinkedHashMap<>();
    private PahoOutbox outbox;
    private BrokerConnection broker;
    private Journal journal;
    private NetClient netClient;
    private GatewayMetrics metrics;
    private LinkDiagnosticsHub diagnostics;

    void start(@Observes StartupEvent event) throws Exception {
        List<UpsDefinition> fleet = FleetLoader.load(config);
        metrics = new GatewayMetrics(registry);
        metrics.unitsConfigured.set(fleet.size());
        String clientId = config.mqtt().clientId().orElse("upsfleet-gateway-" + config.id());
        CommandInbox inbox = new CommandInbox(this::commandTarget);
        FunctionCounter.builder("upsfleet.gateway.commands.invalid", inbox, CommandInbox::invalidCount)
                .description("Commands for this gateway's units that broke the contract").register(registry);
        broker = new BrokerConnection(brokerConfig.host(), brokerConfig.port(), brokerConfig.security());
        outbox = new PahoOutbox(new PahoOutbox.Settings(broker.uri(), clientId, config.id(),
                config.mqtt().persistence(), config.mqtt().persistenceDir() + "/" + config.id(),
                config.mqtt().offlineBuffer(), config.mqtt().queueCapacity(), config.mqtt().maxInflight(), broker),
                registry, inbox::onMessage);
        if (config.journal().enabled()) {
            journal = openJournal();
            outbox.useJournal(journal);
        }
        outbox.subscribe(Topics.ALL_COMMANDS);
        outbox.start();

        netClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(3000).setTcpNoDelay(true));
        for (String id : config.quirks().keySet()) {
            if (fleet.stream().noneMatch(u -> u.id().equals(id))) {
                throw new IllegalArgumentException("upsfleet.gateway.quirks.\"" + id + "\" names no configured UPS");
            }
        }
        diagnostics = new LinkDiagnosticsHub(vertx, registry, outbox, config.id(), config.diagnostics().interval(),
                config.diagnostics().perUpsMetrics());
        List<Context> contexts = eventLoopContexts(fleet.size());
        for (int i = 0; i < fleet.size(); i++) {
            UpsDefinition ups = fleet.get(i);
            Context context = contexts.get(i);
            UpsLink link = link(ups, context);
            UpsPoller poller = new UpsPoller(ups, config.id(), diagnostics.measure(ups.id(), LinkDiagnosticsHub.hostOf(link.describe()), link),
                    outbox, context, metrics, config.command(), AppliedQuirks.parse(ups.id(), config.quirks().get(ups.id())));
            pollers.put(ups.id(), poller);
        }
        Map<String, UpsStatus> last = RetainedStatusReader.read(broker, config.id(),
                pollers.keySet(), config.mqtt().restoreTimeout());
        last.forEach((id, status) -> pollers.get(id).restore(status));
        if (!last.isEmpty()) {
            LOG.infof("gateway %s continues from the last published state of %d of %d unit(s)", config.id(), last.size(), pollers.size());
        }
        pollers.values().forEach(UpsPoller::start);
        diagnostics.start();
        LOG.infof("gateway %s polling %d UPS unit(s)%s", config.id(), fleet.size(),
                fleet.isEmpty() ? " - configure upsfleet.gateway.ups.\"<id>\".uri or upsfleet.gateway.fleet-file" : "");
    }

    private Journal openJournal() {
        GatewayConfig.Journal j = config.journal();
        Journal opened = Journal.open(new Journal.Settings(java.nio.file.Path.of(j.dir(), config.id()), j.maxSize().asLongValue(),
                j.segmentSize().asLongValue(), j.commitInterval(), j.commitRecords(), 64L * 1024 * 1024));
        JournalMetrics.bind(opened, registry);
        LOG.infof("gateway %s journals every message in %s before publishing it (max-size %s)", config.id(), opened.dir(),
                j.maxSize().asLongValue());
        return opened;
    }

    /**
     * One context per UPS, spread round-robin over all event loops. The public getOrCreateContext() sticks
     * to one context per calling thread and would put the whole fleet on one loop, hence the internal call.
     */
    private List<Context> eventLoopContexts(int count) {
        List<Context> contexts = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            contexts.add(((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext());
        }
        return contexts;
    }

    private UpsLink link(UpsDefinition ups, Context context) {
        if (ups.endpoint() instanceof UpsDefinition.Tcp tcp) {
            return new TcpLink(context, netClient, tcp.host(), tcp.port());
        }
        if (ups.endpoint() instanceof UpsDefinition.Rfc2217 r) {
            return new TcpLink(context, netClient, r.host(), r.port(), new Rfc2217Protocol(vertx,
                    "rfc2217://" + r.host() + ":" + r.port(), r.baud(), r.dtr(), r.rts(), Rfc2217Protocol.negotiationTimeout(ups.timeout())));
        }
        if (ups.endpoint() instanceof UpsDefinition.Nut nut) {
            return new io.upsfleet.gateway.nut.NutLink(context, netClient, nut);
        }
        UpsDefinition.Serial s = (UpsDefinition.Serial) ups.endpoint();
        return new SerialLink(context, new SerialLink.SerialSettings(s.path(), s.baud(), s.dtr(), s.rts()));
    }

    private Optional<CommandTarget> commandTarget(String upsId) {
        return Optional.ofNullable(pollers.get(upsId));
    }

    void stop(@Observes ShutdownEvent event) {
        if (diagnostics != null) {
            diagnostics.stop();
        }
        pollers.values().forEach(UpsPoller::stop);
        if (outbox != null) {
            outbox.close();
        }
        if (journal != null) {
            journal.close(); // what the broker has not acknowledged stays for the next start
        }
        if (netClient != null) {
            netClient.close();
        }
    }

    public boolean brokerConnected() {
        return outbox != null && outbox.isConnected();
    }

    /** Why the broker refused the gateway's last connection attempt (credentials, certificate), if it did. */
    public Optional<String> brokerRefusal() {
        return broker == null ? Optional.empty() : broker.refusal();
    }

    public int pendingMessages() {
        return outbox == null ? 0 : outbox.pending();
    }

    public int unitCount() {
        return pollers.size();
    }

    /** The link figures of one UPS of this gateway, as last measured. */
    public Optional<io.upsfleet.contracts.LinkDiagnostics> linkDiagnostics(String upsId) {
        return diagnostics == null ? Optional.empty() : diagnostics.snapshot(upsId);
    }

    public int commLostCount() {
        return metrics == null ? 0 : metrics.commLost.get();
    }
}
