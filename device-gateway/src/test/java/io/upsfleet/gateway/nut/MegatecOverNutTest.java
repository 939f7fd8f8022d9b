package io.upsfleet.gateway.nut;

import io.upsfleet.gateway.config.UpsDefinition;
import io.upsfleet.gateway.megatec.InfoReply;
import io.upsfleet.gateway.megatec.MegatecCodec;
import io.upsfleet.gateway.megatec.RatingReply;
import io.upsfleet.gateway.megatec.StatusReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MegatecOverNutTest {

    private static final Map<String, String> ON_BATTERY = Map.ofEntries(
            Map.entry("ups.status", "OB LB CAL"), Map.entry("input.voltage", "0.0"), Map.entry("input.voltage.fault", "140.0"),
            Map.entry("output.voltage", "229.4"), Map.entry("ups.load", "42"), Map.entry("input.frequency", "49.9"),
            Map.entry("battery.voltage", "26.80"), Map.entry("ups.temperature", "31.5"), Map.entry("ups.beeper.status", "enabled"),
            Map.entry("battery.charge", "87"), Map.entry("battery.runtime", "1260"), Map.entry("device.mfr", "Eaton"),
            Map.entry("device.model", "5PX 1500"), Map.entry("ups.firmware", "02.08.0010"),
            Map.entry("input.voltage.nominal", "230"), Map.entry("battery.voltage.nominal", "24.0"),
            Map.entry("output.frequency.nominal", "50"));

    @Test
    void nutVariablesMakeTheQ1ReplyTheGatewayParses() throws Exception {
        StatusReply reply = MegatecCodec.parseStatus(MegatecOverNut.status(ON_BATTERY));
        assertEquals(0.0, reply.inputVoltage());
        assertEquals(140.0, reply.inputFaultVoltage());
        assertEquals(229.4, reply.outputVoltage());
        assertEquals(Integer.valueOf(42), reply.loadPercent());
        assertEquals(49.9, reply.inputFrequency());
        assertEquals(26.8, reply.batteryVoltage());
        assertEquals(31.5, reply.temperature());
        assertEquals("11000101", reply.flags().bits(), "OB, LB, CAL, beeper on");
        assertEquals(87.0, MegatecOverNut.batteryCharge(ON_BATTERY));
        assertEquals(1260, MegatecOverNut.batteryRuntime(ON_BATTERY));
    }

    @Test
    void statusTokensMapToTheMegatecFlags() throws Exception {
        assertEquals("00000000", flags("OL"));
        assertEquals("00100000", flags("OL BOOST"));
        assertEquals("00100000", flags("OL BYPASS"));
        assertEquals("00010000", flags("OL ALARM"));
        assertEquals("10000010", flags("FSD OB"));
    }

    @Test
    void whatTheServerDoesNotReportIsAbsentNotZero() throws Exception {
        StatusReply reply = MegatecCodec.parseStatus(MegatecOverNut.status(Map.of("ups.status", "OL", "ups.temperature", "-5")));
        assertNull(reply.inputVoltage());
        assertNull(reply.outputVoltage());
        assertNull(reply.temperature(), "below zero is beyond the Megatec frame: absent");
        StatusReply off = MegatecCodec.parseStatus(MegatecOverNut.status(Map.of("ups.status", "OFF")));
        assertEquals(0.0, off.outputVoltage(), "an OFF UPS without output.voltage has its output off");
        assertNull(MegatecOverNut.batteryCharge(Map.of("battery.charge", "n/a")));
    }

    @Test
    void identityAndRatingComeFromTheSameVariables() throws Exception {
        InfoReply info = MegatecCodec.parseInfo(MegatecOverNut.identity(ON_BATTERY));
        assertEquals("Eaton", info.manufacturer());
        assertEquals("5PX 1500", info.model());
        assertEquals("02.08.0010", info.firmware());
        RatingReply rating = MegatecCodec.parseRating(MegatecOverNut.rating(ON_BATTERY));
        assertEquals(230.0, rating.ratedVoltage());
        assertNull(rating.ratedCurrent());
        assertEquals(24.0, rating.nominalBatteryVoltage());
        assertEquals(50.0, rating.ratedFrequency());
    }

    @Test
    void megatecCommandsBecomeTheInstantCommandsThatDoTheSame() {
        assertEquals(cmd("test.battery.start.quick", null), MegatecOverNut.instantCommand("T"));
        assertEquals(cmd("test.battery.start.deep", null), MegatecOverNut.instantCommand("TL"));
        assertEquals(cmd("test.battery.start", "600"), MegatecOverNut.instantCommand("T10"));
        assertEquals(cmd("test.battery.stop", null), MegatecOverNut.instantCommand("CT"));
        assertEquals(cmd("beeper.toggle", null), MegatecOverNut.instantCommand("Q"));
        assertEquals(cmd("shutdown.stop", null), MegatecOverNut.instantCommand("C"));
        assertEquals(cmd("load.off", null), MegatecOverNut.instantCommand("S00R0000"));
        assertEquals(cmd("shutdown.stayoff", "60"), MegatecOverNut.instantCommand("S01R0000"));
        assertEquals(cmd("shutdown.return", "12"), MegatecOverNut.instantCommand("S.2R0001"));
        assertEquals(cmd("shutdown.return", "180"), MegatecOverNut.instantCommand("S03"));
        assertEquals(Optional.empty(), MegatecOverNut.instantCommand("M"));
    }

    @Test
    void nutUrisAreParsedAndTheirPasswordsNeverShown() {
        UpsDefinition.Nut full = (UpsDefinition.Nut) UpsDefinition.parseEndpoint("u1", "nut://admin:s%40cret@nas.example.org:3494/eaton");
        assertEquals(List.of("nas.example.org", 3494, "admin", "s@cret", "eaton"),
                List.of(full.host(), full.port(), full.user(), full.password(), full.upsName()));
        assertTrue(!full.toString().contains("cret"), full.toString());
        UpsDefinition.Nut plain = (UpsDefinition.Nut) UpsDefinition.parseEndpoint("u1", "nut://10.0.0.7/ups");
        assertEquals(List.of("10.0.0.7", 3493), List.of(plain.host(), plain.port()));
        assertNull(plain.user());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> UpsDefinition.parseEndpoint("u1", "nut://admin:hunter2@host"));
        assertTrue(bad.getMessage().contains("upsname") && !bad.getMessage().contains("hunter2"), bad.getMessage());
    }

    @Test
    void wordsInQuotesAndEscapesAreOneWord() {
        assertEquals(List.of("VAR", "ups", "device.model", "Smart-UPS \"1500\""),
                NutWords.split("VAR ups device.model \"Smart-UPS \\\"1500\\\"\""));
        assertEquals("\"a \\\"b\\\" \\\\c\"", NutWords.quote("a \"b\" \\c"));
    }

    private static String flags(String status) throws Exception {
        return MegatecCodec.parseStatus(MegatecOverNut.status(Map.of("ups.status", status))).flags().bits();
    }

    private static Optional<MegatecOverNut.InstantCommand> cmd(String name, String value) {
        return Optional.of(new MegatecOverNut.InstantCommand(name, value));
    }
}
