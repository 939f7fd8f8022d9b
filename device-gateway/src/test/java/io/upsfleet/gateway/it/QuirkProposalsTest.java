package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Firmware quirks detected from the replies of simulated units that have them, proposed on the link
 * figures ({@code proposedQuirks}) and never applied: the stuck shutdown bit still raises SHUTDOWN_PENDING.
 */
@QuarkusTest
// config through ConfigProvider, not @ConfigProperty: see DeviceServerSessionsTest
@QuarkusTestResource(value = FieldLinkTestResource.class, restrictToAnnotatedClass = true)
class QuirkProposalsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String brokerUri = FieldLinkTestResource.config("test.broker.uri");

    private static List<String> proposed(MqttProbe probe, String ups) {
        List<LinkDiagnostics> all = probe.on(Topics.link(ups), LinkDiagnostics.class);
        return all.isEmpty() || all.get(all.size() - 1).proposedQuirks() == null ? List.of() : all.get(all.size() - 1).proposedQuirks();
    }

    @Test
    void quirksTheRepliesShowAreProposedPerUnit() throws Exception {
        String stuck = FieldLinkTestResource.unit("stuck");
        String blank = FieldLinkTestResource.unit("blank");
        String noInfo = FieldLinkTestResource.unit("noinfo");
        String echoOnly = FieldLinkTestResource.unit("echoonly");
        String plain = FieldLinkTestResource.unit("plain");
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.link(stuck), Topics.link(blank), Topics.link(noInfo),
                Topics.link(echoOnly), Topics.link(plain), Topics.alarm(stuck))) {
            await().atMost(WAIT).until(() -> proposed(probe, stuck).contains("stuck-shutdown-bit")
                    && proposed(probe, blank).contains("blank-firmware") && proposed(probe, noInfo).contains("no-info")
                    && proposed(probe, echoOnly).contains("no-info"));
            assertTrue(proposed(probe, plain).isEmpty(), "a healthy unit: " + proposed(probe, plain));
            assertTrue(proposed(probe, blank).equals(List.of("blank-firmware")), "blank: " + proposed(probe, blank));
        }
        // proposed, not applied: the protective logic still sees the bit
        try (MqttProbe late = new MqttProbe(brokerUri, Topics.status(stuck))) {
            await().atMost(WAIT).until(() -> late.on(Topics.status(stuck), io.upsfleet.contracts.UpsStatus.class).stream()
                    .anyMatch(s -> s.status().contains("FSD") || String.valueOf(s.flags()).charAt(6) == '1'));
        }
    }

    @Test
    void aUnitThatTakesCommandsButNeverActsOnThemIsProposedAsIgnoringCommands() throws Exception {
        String ignores = FieldLinkTestResource.unit("ignores");
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.link(ignores), Topics.ROOT + "/ups/" + ignores + "/command/result")) {
            await().atMost(WAIT).until(() -> !probe.on(Topics.link(ignores)).isEmpty());
            for (int i = 0; i < 2; i++) {
                probe.publish(Topics.command(ignores), Json.toBytes(new CommandRequest(1, "q-" + UUID.randomUUID(), ignores,
                        CommandType.BEEPER_TOGGLE, null, null, null, "it", Instant.now())));
                Thread.sleep(200);
            }
            await().atMost(WAIT).until(() -> proposed(probe, ignores).contains("ignores-commands"));
        }
    }

    @Test
    void aConfiguredIgnoreShutdownBitHidesTheStuckBitFromAlarmsAndStatusButTheProposalStays() throws Exception {
        String applied = FieldLinkTestResource.unit("stuckapplied");
        String stuck = FieldLinkTestResource.unit("stuck");
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.ROOT + "/ups/" + applied + "/#", Topics.ROOT + "/ups/" + stuck + "/#")) {
            // both report b1 all the time; only the unconfigured one gets SHUTDOWN_PENDING and FSD
            await().atMost(WAIT).until(() -> probe.on(Topics.reading(applied)).size() >= 5 && probe.on(Topics.reading(stuck)).size() >= 5
                    && proposed(probe, applied).contains("stuck-shutdown-bit"));
            assertTrue(probe.on(Topics.reading(applied), io.upsfleet.contracts.Reading.class).stream()
                    .allMatch(r -> r.flags().charAt(6) == '0' && !r.status().contains("FSD")), "b1 masked in readings");
            assertTrue(probe.on(Topics.reading(stuck), io.upsfleet.contracts.Reading.class).stream()
                    .allMatch(r -> r.flags().charAt(6) == '1'), "not masked where not configured");
        }
        try (MqttProbe late = new MqttProbe(brokerUri, Topics.status(applied), Topics.status(stuck))) {
            await().atMost(WAIT).until(() -> !late.on(Topics.status(applied)).isEmpty() && !late.on(Topics.status(stuck)).isEmpty());
            assertTrue(late.on(Topics.status(applied), io.upsfleet.contracts.UpsStatus.class).get(0).flags().charAt(6) == '0');
            assertTrue(late.on(Topics.status(stuck), io.upsfleet.contracts.UpsStatus.class).get(0).flags().charAt(6) == '1');
        }
    }
}
