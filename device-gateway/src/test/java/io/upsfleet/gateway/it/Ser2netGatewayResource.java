package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.PtyBridge;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.RetainedMessages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Simulated units on ptys behind a private ser2net: one in RFC 2217 mode ({@code rfc2217://}), one in raw
 * TCP mode ({@code tcp://}), and one unit's plain TCP port configured as {@code rfc2217://} (a far end that
 * does not speak Telnet). The real Mosquitto.
 */
public class Ser2netGatewayResource implements QuarkusTestResourceLifecycleManager {

    private MegatecSimulator simulator;
    private PtyBridge ptys;
    private Ser2net ser2net;
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
            ser2net = new Ser2net();
            Path dir = Files.createTempDirectory("upsfleet-s2n");
            for (String role : new String[]{"rfc", "s2nraw", "notelnet"}) {
                String id = "s2n-" + role + "-" + suffix;
                int port = simulator.add(new SimulatedUps(id), 0);
                config.put("test.ups." + role, id);
                retainedTopics.addAll(List.of(Topics.status(id), Topics.identity(id)));
                String uri = switch (role) {
                    case "rfc" -> "rfc2217://127.0.0.1:" + ser2net.serve(ptys.open(dir.resolve(id), "127.0.0.1", port),
                            Ser2net.Mode.RFC2217) + "?baud=2400&dtr=true&rts=false";
                    case "s2nraw" -> "tcp://127.0.0.1:" + ser2net.serve(ptys.open(dir.resolve(id), "127.0.0.1", port),
                            Ser2net.Mode.RAW);
                    default -> "rfc2217://127.0.0.1:" + port;
                };
                config.put("upsfleet.gateway.ups.\"" + id + "\".uri", uri);
            }
            ser2net.start();
            config.put("upsfleet.mqtt.host", infra.mqttHost);
            config.put("upsfleet.mqtt.port", String.valueOf(infra.mqttPort));
            config.put("test.broker.uri", infra.mqttUri());
            gatewayId = "gw-s2n-" + suffix;
            config.put("upsfleet.gateway.id", gatewayId);
            retainedTopics.add(Topics.gatewayAvailability(gatewayId));
            brokerUri = infra.mqttUri();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot set up ser2net in front of the simulator: " + e.getMessage(), e);
        }
        return config;
    }

    @Override
    public void stop() {
        if (brokerUri != null) {
            RetainedMessages.clear(brokerUri, retainedTopics);
            if (gatewayId != null) {
                MqttSessions.discard(brokerUri, "upsfleet-gateway-" + gatewayId);
            }
        }
        if (ser2net != null) {
            ser2net.close();
        }
        if (ptys != null) {
            ptys.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
