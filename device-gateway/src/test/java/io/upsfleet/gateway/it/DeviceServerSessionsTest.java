package io.upsfleet.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device servers that end sessions: a unit whose device server hangs up after every reply, one that closes
 * sessions idle for half a poll interval (and one where that close crosses the next request), one whose replies come in 7-byte packets 30 ms apart (and one
 * with both). Each must be polled at the poll rate with no COMM_LOST: a reply followed by a close is a good
 * poll, and a closed session is reopened at the next request without backing off.
 */
@QuarkusTest
// config read through ConfigProvider, not @ConfigProperty: test classes are beans of every @QuarkusTest
// application of this module, and those without this resource have no such keys
@QuarkusTestResource(value = FieldLinkTestResource.class, restrictToAnnotatedClass = true)
class DeviceServerSessionsTest {

    private static final Duration WINDOW = Duration.ofSeconds(6);

    private final String hangup = FieldLinkTestResource.unit("hangup");
    private final String idle = FieldLinkTestResource.unit("idle");
    private final String idleCross = FieldLinkTestResource.unit("idlecross");
    private final String split = FieldLinkTestResource.unit("split");
    private final String hangupSplit = FieldLinkTestResource.unit("hangupsplit");
    private final String brokerUri = FieldLinkTestResource.config("test.broker.uri");

    @Test
    void unitBehindADeviceServerThatHangsUpAfterEachReplyIsPolledAtThePollRate() throws Exception {
        pollRateWithoutCommLost(hangup);
    }

    @Test
    void unitBehindADeviceServerWithAnIdleTimeoutShorterThanThePollIntervalIsPolledAtThePollRate() throws Exception {
        pollRateWithoutCommLost(idle);
    }

    @Test
    void aRequestThatCrossesTheIdleCloseIsSentAgainOnANewSession() throws Exception {
        pollRateWithoutCommLost(idleCross);
    }

    @Test
    void repliesInSmallPacketsAreReadWholeEvenWhenTheSessionEndsAfterEach() throws Exception {
        pollRateWithoutCommLost(split);
        pollRateWithoutCommLost(hangupSplit);
    }

    @Test
    void identityIsReadFromAUnitThatHangsUpAfterEachReply() throws Exception {
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.identity(hangup))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> !probe.on(Topics.identity(hangup)).isEmpty());
            Identity identity = probe.on(Topics.identity(hangup), Identity.class).get(0);
            assertEquals("UPSFLEET-SIM", identity.manufacturer());
            assertNotNull(identity.ratedVoltage(), "F was answered too");
        }
    }

    private void pollRateWithoutCommLost(String ups) throws Exception {
        try (MqttProbe probe = new MqttProbe(brokerUri, Topics.ROOT + "/ups/" + ups + "/#")) {
            // the gateway may just have started: measure from its first reading on
            await().atMost(Duration.ofSeconds(15)).until(() -> !probe.on(Topics.reading(ups)).isEmpty());
            long from = System.currentTimeMillis();
            Thread.sleep(WINDOW.toMillis());
            List<Reading> readings = probe.on(Topics.reading(ups), Reading.class).stream()
                    .filter(r -> r.ts().toEpochMilli() >= from && r.ts().toEpochMilli() < from + WINDOW.toMillis()).toList();
            long expected = WINDOW.toMillis() / FieldLinkTestResource.POLL_MILLIS;
            assertTrue(readings.size() >= expected * 0.8, ups + ": " + readings.size() + " readings in " + WINDOW
                    + ", expected about " + expected);
            List<AlarmEvent> commLost = probe.on(Topics.alarm(ups), AlarmEvent.class).stream()
                    .filter(a -> a.alarm() == AlarmType.COMM_LOST && a.state() == AlarmEvent.AlarmState.RAISED).toList();
            assertTrue(commLost.isEmpty(), ups + ": COMM_LOST raised: " + commLost);
            List<UpsStatus> status = probe.on(Topics.status(ups), UpsStatus.class);
            assertTrue(status.stream().allMatch(s -> s.comm() == UpsStatus.CommState.OK), ups + ": " + status);
        }
    }
}
