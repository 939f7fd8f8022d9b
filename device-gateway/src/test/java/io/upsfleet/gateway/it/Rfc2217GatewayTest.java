package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole gateway through Debian's ser2net: a unit on {@code rfc2217://} (Telnet with COM Port Control)
 * and one on {@code tcp://} (ser2net raw mode) are polled and identified; a {@code rfc2217://} unit whose far
 * end is a plain TCP port goes COMM_LOST with an alarm that says why.
 */
@QuarkusTest
// config through ConfigProvider, not @ConfigProperty: see DeviceServerSessionsTest
@QuarkusTestResource(value = Ser2netGatewayResource.class, restrictToAnnotatedClass = true)
class Rfc2217GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String rfc;
    private static String raw;
    private static String noTelnet;
    /** Subscribed as soon as the gateway runs, so the one COMM_LOST edge is not missed. */
    private static MqttProbe probe;

    @BeforeAll
    static void subscribe() throws Exception {
        rfc = FieldLinkTestResource.unit("rfc");
        raw = FieldLinkTestResource.unit("s2nraw");
        noTelnet = FieldLinkTestResource.unit("notelnet");
        probe = new MqttProbe(FieldLinkTestResource.config("test.broker.uri"), Topics.ROOT + "/ups/" + rfc + "/#",
                Topics.ROOT + "/ups/" + raw + "/#", Topics.ROOT + "/ups/" + noTelnet + "/#");
    }

    @AfterAll
    static void unsubscribe() throws Exception {
        probe.close();
    }

    @Test
    void unitsBehindSer2netInRfc2217AndRawModeArePolledAndIdentified() {
        await().atMost(WAIT).until(() -> probe.on(Topics.reading(rfc)).size() >= 5 && probe.on(Topics.reading(raw)).size() >= 5
                && !probe.on(Topics.identity(rfc)).isEmpty() && !probe.on(Topics.identity(raw)).isEmpty());
        Reading r = probe.on(Topics.reading(rfc), Reading.class).get(0);
        assertTrue(r.inputVoltage() > 200, "input voltage " + r.inputVoltage());
        assertEquals("UPSFLEET-SIM", probe.on(Topics.identity(rfc), Identity.class).get(0).manufacturer());
        List<AlarmEvent> lost = probe.on(Topics.alarm(rfc), AlarmEvent.class).stream()
                .filter(a -> a.alarm() == AlarmType.COMM_LOST).toList();
        assertTrue(lost.isEmpty(), "no COMM_LOST on rfc2217: " + lost);
    }

    @Test
    void aFarEndThatDoesNotSpeakTelnetIsCommLostWithTheReason() {
        await().atMost(WAIT).until(() -> probe.on(Topics.alarm(noTelnet), AlarmEvent.class).stream()
                .anyMatch(a -> a.alarm() == AlarmType.COMM_LOST && a.state() == AlarmEvent.AlarmState.RAISED));
        AlarmEvent lost = probe.on(Topics.alarm(noTelnet), AlarmEvent.class).stream()
                .filter(a -> a.alarm() == AlarmType.COMM_LOST).findFirst().orElseThrow();
        assertTrue(lost.message().contains("does not speak Telnet/RFC 2217"), lost.message());
        assertTrue(probe.on(Topics.reading(noTelnet)).isEmpty());
    }
}
