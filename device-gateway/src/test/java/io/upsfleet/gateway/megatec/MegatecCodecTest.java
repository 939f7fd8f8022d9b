package io.upsfleet.gateway.megatec;

import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class MegatecCodecTest {

    @Test
    void parsesTheReferenceStatusReply() throws Exception {
        StatusReply r = MegatecCodec.parseStatus("(208.4 140.0 208.4 034 59.9 2.05 35.0 00110000");
        assertEquals(208.4, r.inputVoltage());
        assertEquals(140.0, r.inputFaultVoltage());
        assertEquals(208.4, r.outputVoltage());
        assertEquals(34, r.loadPercent());
        assertEquals(59.9, r.inputFrequency());
        assertEquals(2.05, r.batteryVoltage());
        assertEquals(35.0, r.temperature());
        assertTrue(r.flags().bypassActive());
        assertTrue(r.flags().upsFailed());
        assertFalse(r.flags().utilityFail());
        assertEquals("00110000", r.flags().bits());
    }

    @Test
    void placeholderTemperatureBecomesNull() throws Exception {
        StatusReply r = MegatecCodec.parseStatus("(230.1 000.0 229.9 012 50.0 27.30 --.- 10001001");
        assertNull(r.temperature());
        assertEquals(27.30, r.batteryVoltage());
        assertTrue(r.flags().utilityFail());
    }

    @Test
    void extraSpacesBetweenFieldsAreTolerated() throws Exception {
        StatusReply r = MegatecCodec.parseStatus("(230.1  000.0 229.9 012 50.0 2.27 25.0 00001000 ");
        assertEquals(12, r.loadPercent());
    }

    @Test
    void leadingLineNoiseIsStripped() throws Exception {
        StatusReply r = MegatecCodec.parseStatus("\u0000\u00ff\u0011(230.1 000.0 229.9 012 50.0 2.27 25.0 00001000");
        assertEquals(230.1, r.inputVoltage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                                    // nothing
            "(230.1 000.0 229.9 012 50.0 2.27 25.0",               // missing flags
            "(230.1 000.0 229.9 012 50.0 2.27 00001000",           // missing a field
            "(230.1 000.0 229.9 012 50.0 2.27 25.0 0000100",       // 7 flag bits
            "(230.1 000.0 229.9 012 50.0 2.27 25.0 0000100x",      // bad flag
            "(230.1 000.0 229.9 01x 50.0 2.27 25.0 00001000",      // bad number
            "(230.1 000.0 229.9 012.5 50.0 2.27 25.0 00001000",    // fractional load
            "(230.1 000.0 229.9 012 50.0 2.27 25.0 00001000 99",   // extra field
            "(230.1 000.0 22",                                     // truncated
            "230.1 000.0 229.9 012 50.0 2.27 25.0 00001000",       // no start byte
            "Q1",                                                  // echo of the request
            "xx(230.1 000.0 229.9 012 50.0 2.27 25.0 00001000",    // printable junk before frame
            "(230.1 000.0 229.9 012 50.0 2.27 25.0 0000\u00801000" // noise inside the frame
    })
    void malformedStatusIsRejectedWhole(String line) {
        assertThrows(MegatecParseException.class, () -> MegatecCodec.parseStatus(line));
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButAParseError() {
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            char[] c = new char[random.nextInt(60)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (char) (random.nextBoolean() ? random.nextInt(256) : "(0123456789. -"
                        .charAt(random.nextInt(14)));
            }
            try {
                StatusReply r = MegatecCodec.parseStatus(new String(c));
                accepted++;
                assertTrue(r.flags() != null);
            } catch (MegatecParseException expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("parser threw " + e + " for " + MegatecCodec.printable(new String(c)));
            }
        }
        assertTrue(accepted < 10, "random bytes should almost never form a valid frame, got " + accepted);
    }

    @Test
    void parsesInfoAndRating() throws Exception {
        InfoReply info = MegatecCodec.parseInfo("#UPSFLEET-SIM    MEGA-24V   SIM-1.0   ");
        assertEquals("UPSFLEET-SIM", info.manufacturer());
        assertEquals("MEGA-24V", info.model());
        assertEquals("SIM-1.0", info.firmware());
        RatingReply rating = MegatecCodec.parseRating("#220.0 000 024.0 50.0");
        assertEquals(220.0, rating.ratedVoltage());
        assertEquals(24.0, rating.nominalBatteryVoltage());
        assertEquals(50.0, rating.ratedFrequency());
        assertThrows(MegatecParseException.class, () -> MegatecCodec.parseInfo("I"));
        assertThrows(MegatecParseException.class, () -> MegatecCodec.parseRating("#220.0 000"));
    }

    @Test
    void detectsEchoedRequests() {
        assertTrue(MegatecCodec.isEcho("TL", "TL"));
        assertFalse(MegatecCodec.isEcho("TL", "(230.1"));
        assertFalse(MegatecCodec.isEcho("TL", null));
    }

    private static CommandRequest cmd(CommandType type, Integer test, Double shutdown, Integer restore) {
        return new CommandRequest(1, "c1", "u1", type, test, shutdown, restore, "t", Instant.EPOCH);
    }

    @Test
    void encodesEveryCommand() {
        assertEquals("T", MegatecCodec.encode(cmd(CommandType.BATTERY_TEST_QUICK, null, null, null)));
        assertEquals("TL", MegatecCodec.encode(cmd(CommandType.BATTERY_TEST_DEEP, null, null, null)));
        assertEquals("T05", MegatecCodec.encode(cmd(CommandType.BATTERY_TEST_TIMED, 5, null, null)));
        assertEquals("CT", MegatecCodec.encode(cmd(CommandType.CANCEL_TEST, null, null, null)));
        assertEquals("Q", MegatecCodec.encode(cmd(CommandType.BEEPER_TOGGLE, null, null, null)));
        assertEquals("S.3", MegatecCodec.encode(cmd(CommandType.SHUTDOWN, null, 0.3, null)));
        assertEquals("S10", MegatecCodec.encode(cmd(CommandType.SHUTDOWN, null, 10.0, null)));
        assertEquals("S02R0015", MegatecCodec.encode(cmd(CommandType.SHUTDOWN_RESTORE, null, 2.0, 15)));
        assertEquals("C", MegatecCodec.encode(cmd(CommandType.CANCEL_SHUTDOWN, null, null, null)));
        assertEquals("S.5R0000", MegatecCodec.encode(cmd(CommandType.SHUTDOWN_STAYOFF, null, 0.5, null)));
        assertEquals("S00R0000", MegatecCodec.encode(cmd(CommandType.LOAD_OFF, null, null, null)));
    }

    @Test
    void rejectsCommandArgumentsOutsideTheProtocol() {
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.BATTERY_TEST_TIMED, null, null, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.BATTERY_TEST_TIMED, 100, null, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.SHUTDOWN, null, 0.1, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.SHUTDOWN, null, 0.25, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.SHUTDOWN, null, 1.5, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.SHUTDOWN, null, 11.0, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.SHUTDOWN_RESTORE, null, 1.0, 0)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.SHUTDOWN_RESTORE, null, 1.0, null)));
        assertThrows(IllegalArgumentException.class, () -> MegatecCodec.encode(cmd(CommandType.BEEPER_TOGGLE, 5, null, null)));
    }

    @Test
    void estimatesChargeAndRuntimeFromCellOrPackVoltage() {
        BatteryModel model = BatteryModel.leadAcid24V();
        assertEquals(60.0, model.chargePercent(2.05));
        assertEquals(60.0, model.chargePercent(24.6));
        assertEquals(100.0, model.chargePercent(2.40));
        assertEquals(0.0, model.chargePercent(1.60));
        assertNull(model.chargePercent(null));
        assertEquals(600, model.runtimeSeconds(50.0, 50));
        assertNull(model.runtimeSeconds(50.0, null));
    }
}
