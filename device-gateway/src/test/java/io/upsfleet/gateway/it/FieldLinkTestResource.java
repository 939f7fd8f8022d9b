package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.upsfleet.contracts.Topics;
import io.upsfleet.simulator.ControlApi;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.Quirk;
import io.upsfleet.simulator.Session;
import io.upsfleet.simulator.SimulatedUps;
import io.upsfleet.testsupport.Infra;
import io.upsfleet.testsupport.MqttSessions;
import io.upsfleet.testsupport.RetainedMessages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The gateway against units that behave like imperfect field hardware: device servers that hang up after
 * each reply or close idle sessions, replies in small packets, firmware quirks. Each role is one simulated
 * unit ({@code test.ups.<role>} is its id); the real Mosquitto; the simulator's control API.
 */
public class FieldLinkTestResource implements QuarkusTestResourceLifecycleManager {

    /** The %test profile's poll interval (application.properties): modes are set relative to it. */
    static final int POLL_MILLIS = 300;

    private MegatecSimulator simulator;
    private ControlApi control;
    private final List<String> retainedTopics = new ArrayList<>();
    private String brokerUri;
    private String gatewayId;

    /** The roles and how each unit misbehaves. */
    private static void configure(String role, SimulatedUps ups) {
        switch (role) {
            case "hangup" -> ups.setSession(Session.hangingUp());
            // closes a session idle for half a poll interval: every poll finds its session closed
            case "idle" -> ups.setSession(Session.idleTimeout(POLL_MILLIS / 2));
            // the same, but the close and the next request cross on the wire: that request is lost
            case "idlecross" -> ups.setSession(Session.idleTimeoutCrossing(POLL_MILLIS / 2));
            case "split" -> ups.setSession(Session.split(7, 30));
            case "hangupsplit" -> ups.setSession(new Session(true, 0, 7, 30));
            case "echoonly" -> ups.setQuirks(Set.of(Quirk.ECHO_ONLY));
            case "noinfo" -> ups.setQuirks(Set.of(Quirk.NO_INFO));
            case "stuck", "stuckapplied" -> ups.setQuirks(Set.of(Quirk.STUCK_SHUTDOWN_BIT));
            case "ignores" -> ups.setQuirks(Set.of(Quirk.IGNORES_COMMANDS));
            case "blank" -> ups.setQuirks(Set.of(Quirk.BLANK_FIRMWARE));
            default -> {
            }
        }
    }

    static final String[] ROLES = {"plain", "hangup", "idle", "idlecross", "split", "hangupsplit", "echoonly", "noinfo", "stuck",
            "stuckapplied", "ignores", "blank"};

    /** The id of the unit that plays {@code role}, in a test running with this resource. */
    static String unit(String role) {
        return config("test.ups." + role);
    }

    static String config(String key) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(key, String.class);
    }

    @Override
    public Map<String, String> start() {
        Infra infra = Infra.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> config = new HashMap<>();
        try {
            simulator = new MegatecSimulator("127.0.0.1").startClock();
            for (String role : ROLES) {
                String id = "fl-" + role + "-" + suffix;
                SimulatedUps ups = new SimulatedUps(id);
                configure(role, ups);
                int port = simulator.add(ups, 0);
                config.put("test.ups." + role, id);
                config.put("upsfleet.gateway.ups.\"" + id + "\".uri", "tcp://127.0.0.1:" + port);
                retainedTopics.addAll(List.of(Topics.status(id), Topics.identity(id), Topics.link(id)));
            }
            // the operator confirmed this one's stuck bit: the gateway ignores it
            config.put("upsfleet.gateway.quirks.\"" + config.get("test.ups.stuckapplied") + "\"", "ignore-shutdown-bit");
            control = new ControlApi(simulator);
            config.put("test.simulator.url", "http://127.0.0.1:" + control.start("127.0.0.1", 0));
            config.put("upsfleet.mqtt.host", infra.mqttHost);
            config.put("upsfleet.mqtt.port", String.valueOf(infra.mqttPort));
            config.put("test.broker.uri", infra.mqttUri());
            gatewayId = "gw-fl-" + suffix;
            config.put("upsfleet.gateway.id", gatewayId);
            config.put("upsfleet.gateway.diagnostics.interval", "PT1S");
            retainedTopics.add(Topics.gatewayAvailability(gatewayId));
            brokerUri = infra.mqttUri();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot set up the field-link test surroundings: " + e.getMessage(), e);
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
        if (control != null) {
            control.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
