package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.simulator.ControlApi;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.PtyBridge;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.RetainedMessages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Real surroundings for the gateway: the real broker (behind a proxy the tests can cut), a simulated fleet
 * on TCP ports, one unit on a pty through socat, and the simulator's HTTP control API for the tests.
 * Unit ids carry a random suffix because the broker is shared and keeps retained messages.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String[] ROLES = {"main", "faulty", "limited", "serial", "cmd", "flood", "fuzz"};

    private MegatecSimulator simulator;
    private ControlApi control;
    private PtyBridge ptys;
    private TcpProxy proxy;
    private final List<String> retainedTopics = new ArrayList<>();
    private String brokerUri;
    private String gatewayId;

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> config = new HashMap<>();
        try {
            simulator = new MegatecSimulator("127.0.0.1").startClock();
            ptys = new PtyBridge();
            for (String role : ROLES) {
                String id = "it-" + role + "-" + suffix;
                SimulatedUps ups = new SimulatedUps(id, !role.equals("limited"), 230, 50, 12, 900, 600);
                if (role.equals("limited")) {
                    ups.setUnsupported(Set.of("I", "F", "TL"), SimulatedUps.UnsupportedReply.ECHO);
                }
                int port = simulator.add(ups, 0);
                config.put("test.ups." + role, id);
                retainedTopics.addAll(List.of(Topics.status(id), Topics.identity(id)));
                if (role.equals("serial")) {
                    if (!PtyBridge.socatAvailable()) {
                        throw new IllegalStateException("socat is required for the serial (pty) tests: apt-get install socat");
                    }
                    Path link = Files.createTempDirectory("upsfleet-pty").resolve(id);
                    ptys.open(link, "127.0.0.1", port);
                    config.put("upsfleet.gateway.ups.\"" + id + "\".uri", "serial:" + link + "?baud=2400");
                } else {
                    config.put("upsfleet.gateway.ups.\"" + id + "\".uri", "tcp://127.0.0.1:" + port);
                }
            }
            control = new ControlApi(simulator);
            config.put("test.simulator.url", "http://127.0.0.1:" + control.start("127.0.0.1", 0));
            proxy = new TcpProxy(infra.mqttHost, infra.mqttPort);
            config.put("upsfleet.mqtt.host", "127.0.0.1");
            config.put("upsfleet.mqtt.port", String.valueOf(proxy.start()));
            config.put("test.proxy.url", "http://127.0.0.1:" + proxy.startControl());
            config.put("test.broker.uri", infra.mqttUri());
            config.put("upsfleet.gateway.id", "gw-it-" + suffix);
            gatewayId = "gw-it-" + suffix;
            retainedTopics.add(Topics.gatewayAvailability("gw-it-" + suffix));
            brokerUri = infra.mqttUri();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot set up the gateway's test surroundings: " + e.getMessage(), e);
        }
        return config;
    }

    @Override
    public void stop() {
        if (brokerUri != null) {
            RetainedMessages.clear(brokerUri, retainedTopics);
            if (gatewayId != null) {
                // The gateway's command subscription lives in a persistent session: leave none behind.
                MqttSessions.discard(brokerUri, "upsfleet-gateway-" + gatewayId);
            }
        }
        if (ptys != null) {
            ptys.close();
        }
        if (control != null) {
            control.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }
}
