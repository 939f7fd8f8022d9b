package io.upsfleet.gateway.poll;

import io.upsfleet.gateway.megatec.InfoReply;
import io.upsfleet.gateway.megatec.MegatecCodec;
import io.upsfleet.gateway.megatec.RatingReply;
import io.upsfleet.gateway.megatec.StatusReply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuirkDetectorTest {

    private static StatusReply q1(String line) throws Exception {
        return MegatecCodec.parseStatus(line);
    }

    private static List<String> quirks(QuirkDetector d) {
        return d.takeNew().stream().map(QuirkDetector.Proposal::quirk).toList();
    }

    @Test
    void aHealthyUnitGetsNoProposal() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        d.identity(new InfoReply("ACME", "M1", "1.0"), new RatingReply(230.0, 4.0, 24.0, 50.0), true);
        for (int i = 0; i < 50; i++) {
            d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001001"));
            d.commandSettled(true);
        }
        assertEquals(List.of(), d.proposed());
    }

    @Test
    void noIAndNoFWhileQ1IsAnsweredIsProposedAsNoInfo() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        d.identity(null, null, false);
        assertEquals(List.of(), quirks(d), "not before a good Q1");
        d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001001"));
        assertEquals(List.of("no-info"), quirks(d));
        d.identity(null, null, false);
        d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001001"));
        assertEquals(List.of(), quirks(d), "proposed once");
    }

    @Test
    void aUnitSilentOnEverythingIsNotProposedAsNoInfo() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        d.identity(null, null, false);
        d.pollFailed();
        d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001001"));
        assertEquals(List.of(), d.proposed());
    }

    @Test
    void anAllSpaceIdentityIsProposedAsBlankFirmware() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        d.identity(MegatecCodec.parseInfo("#" + " ".repeat(37)), new RatingReply(230.0, 4.0, 24.0, 50.0), true);
        assertEquals(List.of("blank-firmware"), quirks(d));
    }

    @Test
    void aCellCountThatDisagreesWithTheNominalBatteryVoltageIsProposed() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        d.identity(new InfoReply("ACME", "M1", "1.0"), new RatingReply(230.0, 4.0, 48.0, 50.0), true);
        d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001001"));
        List<QuirkDetector.Proposal> p = d.takeNew();
        assertEquals("cells=24", p.get(0).quirk());
        assertTrue(p.get(0).evidence().contains("per cell"), p.get(0).evidence());
        QuirkDetector pack = new QuirkDetector(12);
        pack.identity(null, new RatingReply(230.0, 4.0, 36.0, 50.0), false);
        pack.status(q1("(230.0 000.0 230.0 030 50.0 40.8 25.0 00001001"));
        assertEquals("cells=18", pack.takeNew().get(0).quirk());
    }

    @Test
    void aShutdownBitSetForManyPollsWithTheOutputOnAndNoShutdownSentIsProposedAsStuck() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        for (int i = 0; i < QuirkDetector.STUCK_POLLS - 1; i++) {
            d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001011"));
        }
        assertEquals(List.of(), quirks(d));
        d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001011"));
        assertEquals(List.of("stuck-shutdown-bit"), quirks(d));
    }

    @Test
    void aShutdownThisGatewaySentIsNotAStuckBit() throws Exception {
        QuirkDetector d = new QuirkDetector(12);
        d.shutdownSent();
        for (int i = 0; i < QuirkDetector.STUCK_POLLS * 3; i++) {
            d.status(q1("(230.0 000.0 230.0 030 50.0 2.27 25.0 00001011"));
        }
        assertEquals(List.of(), d.proposed());
    }

    @Test
    void commandsTakenButNeverSeenInTheFlagsAreProposedAsIgnored() {
        QuirkDetector d = new QuirkDetector(12);
        d.commandSettled(false);
        d.commandSettled(true);
        d.commandSettled(false);
        assertEquals(List.of(), quirks(d), "not in a row");
        d.commandSettled(false);
        assertEquals(List.of("ignores-commands"), quirks(d));
    }
}
