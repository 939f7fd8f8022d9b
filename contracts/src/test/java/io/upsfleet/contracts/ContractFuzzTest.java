package io.upsfleet.contracts;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract's promise to every consumer, checked on random input (jqwik; a failure prints its seed,
 * which reproduces it with {@code @Property(seed = "...")}): whatever bytes arrive, {@link Json#parse}
 * either returns a payload that can be stored and logged as it is, or throws an
 * {@link InvalidPayloadException} whose message can be stored and logged. Nothing else.
 */
class ContractFuzzTest {

    private static final List<Class<? extends UpsPayload>> TYPES = List.of(Reading.class, UpsStatus.class,
            Identity.class, AlarmEvent.class, CommandRequest.class, CommandResult.class, HostShutdownNotice.class,
            NutClients.class);

    private static final Map<Class<?>, String> VALID = Map.of(
            Reading.class, "{\"v\":1,\"upsId\":\"ups-1\",\"gatewayId\":\"gw-1\",\"ts\":\"2026-11-24T10:15:30Z\","
                    + "\"inputVoltage\":230.1,\"loadPercent\":34,\"temperature\":35.0,\"flags\":\"00001000\",\"status\":[\"OL\"]}",
            UpsStatus.class, "{\"v\":1,\"upsId\":\"ups-1\",\"gatewayId\":\"gw-1\",\"ts\":\"2026-11-24T10:15:30Z\","
                    + "\"comm\":\"OK\",\"flags\":\"00001000\",\"status\":[\"OL\"]}",
            Identity.class, "{\"v\":1,\"upsId\":\"ups-1\",\"gatewayId\":\"gw-1\",\"ts\":\"2026-11-24T10:15:30Z\","
                    + "\"manufacturer\":\"ACME\",\"model\":\"X1\",\"firmware\":\"1.0\",\"ratedVoltage\":230.0}",
            AlarmEvent.class, "{\"v\":1,\"eventId\":\"e-1\",\"upsId\":\"ups-1\",\"gatewayId\":\"gw-1\","
                    + "\"ts\":\"2026-11-24T10:15:30Z\",\"alarm\":\"ON_BATTERY\",\"state\":\"RAISED\",\"message\":\"on battery\"}",
            CommandRequest.class, "{\"v\":1,\"commandId\":\"c-1\",\"upsId\":\"ups-1\",\"command\":\"BATTERY_TEST_TIMED\","
                    + "\"testMinutes\":5,\"requestedBy\":\"alice\",\"ts\":\"2026-11-24T10:15:30Z\"}",
            CommandResult.class, "{\"v\":1,\"commandId\":\"c-1\",\"upsId\":\"ups-1\",\"gatewayId\":\"gw-1\","
                    + "\"command\":\"BEEPER_TOGGLE\",\"outcome\":\"DONE\",\"detail\":\"ok\",\"ts\":\"2026-11-24T10:15:30Z\"}",
            HostShutdownNotice.class, "{\"v\":1,\"noticeId\":\"n-1\",\"upsId\":\"ups-1\",\"ts\":\"2026-11-24T10:15:30Z\","
                    + "\"action\":\"SHUTDOWN\",\"graceSeconds\":120,\"reason\":\"low battery\"}",
            NutClients.class, "{\"v\":1,\"upsId\":\"ups-1\",\"serverId\":\"nut-1\",\"ts\":\"2026-11-24T10:15:30Z\","
                    + "\"clients\":[{\"address\":\"10.0.0.7\",\"user\":\"monitor\",\"since\":\"2026-11-24T10:15:00Z\"}]}");

    @Property(tries = 2000, seed = "4343137895849405272")
    void randomBytesAreAPayloadOrAClearRefusal(@ForAll byte[] bytes, @ForAll("types") Class<? extends UpsPayload> type) {
        decide(bytes, type);
    }

    @Property(tries = 3000, seed = "8517823376096152798")
    void aValidPayloadWithOneFieldReplacedIsAcceptedOnlyWhenStorable(@ForAll("types") Class<? extends UpsPayload> type,
                                                                     @ForAll("fieldNames") String field,
                                                                     @ForAll("jsonValues") String value) {
        String json = VALID.get(type);
        String mutated = json.contains("\"" + field + "\":")
                ? json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}]*)", "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value))
                : json.substring(0, json.length() - 1) + ",\"" + field + "\":" + value + "}";
        decide(mutated.getBytes(StandardCharsets.UTF_8), type);
    }

    @Property(tries = 500, seed = "6288989947439915855")
    void truncatedPayloadsAreRefused(@ForAll("types") Class<? extends UpsPayload> type, @ForAll("fractions") double cut) {
        byte[] json = VALID.get(type).getBytes(StandardCharsets.UTF_8);
        int length = (int) (json.length * cut);
        decide(java.util.Arrays.copyOf(json, Math.min(length, json.length - 1)), type);
    }

    /** The one rule: a payload that is fully storable, or an InvalidPayloadException with a storable reason. */
    private static void decide(byte[] bytes, Class<? extends UpsPayload> type) {
        UpsPayload payload;
        try {
            payload = Json.parse(bytes, type);
        } catch (InvalidPayloadException refused) {
            assertNull(Text.problem(refused.getMessage(), InvalidPayloadException.MESSAGE_MAX), refused.getMessage());
            return;
        }
        assertTrue(Topics.isValidId(payload.upsId()), payload.upsId());
        assertTrue(payload.ts() != null);
        for (String text : texts(payload)) {
            assertNull(Text.problem(text, Text.MESSAGE_MAX), text);
        }
        // what was accepted survives the trip to JSON and back unchanged
        assertTrue(payload.equals(Json.parse(Json.toBytes(payload), type)), payload.toString());
    }

    private static List<String> texts(UpsPayload p) {
        if (p instanceof AlarmEvent a) {
            return java.util.Arrays.asList(a.message(), a.eventId(), a.gatewayId());
        }
        if (p instanceof CommandRequest c) {
            return java.util.Arrays.asList(c.requestedBy(), c.commandId());
        }
        if (p instanceof CommandResult c) {
            return java.util.Arrays.asList(c.detail(), c.commandId(), c.gatewayId());
        }
        if (p instanceof Identity i) {
            return java.util.Arrays.asList(i.manufacturer(), i.model(), i.firmware());
        }
        if (p instanceof HostShutdownNotice n) {
            return java.util.Arrays.asList(n.reason(), n.noticeId());
        }
        if (p instanceof NutClients n) {
            List<String> out = new java.util.ArrayList<>(List.of(n.serverId()));
            n.clients().forEach(c -> out.addAll(java.util.Arrays.asList(c.address(), c.user())));
            return out;
        }
        if (p instanceof Reading r) {
            return r.status();
        }
        if (p instanceof UpsStatus s) {
            return s.status();
        }
        return List.of();
    }

    @Provide
    Arbitrary<Class<? extends UpsPayload>> types() {
        return Arbitraries.of(TYPES);
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.of("v", "upsId", "gatewayId", "ts", "inputVoltage", "loadPercent", "temperature", "flags",
                "status", "comm", "manufacturer", "model", "firmware", "ratedVoltage", "eventId", "alarm", "state",
                "severity", "message", "commandId", "command", "testMinutes", "shutdownMinutes", "restoreMinutes",
                "requestedBy", "outcome", "detail", "noticeId", "action", "graceSeconds", "reason", "serverId", "clients",
                "unknownField");
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    /** JSON values of every shape, with the hostile ones weighted in. */
    @Provide
    Arbitrary<String> jsonValues() {
        Arbitrary<String> hostileText = Arbitraries.strings().withCharRange('\u0000', '\u00ff')
                .withChars('\ud800', '\udc00', '\u2028', '\ufeff').ofMaxLength(80);
        Arbitrary<String> strings = hostileText.map(ContractFuzzTest::jsonString);
        Arbitrary<String> longStrings = Arbitraries.integers().between(60, 3000).map(n -> jsonString("x".repeat(n)));
        Arbitrary<String> numbers = Arbitraries.of("0", "-1", "1e308", "-1e308", "1e400", "1.0E-400", "123456789012345678901234567890",
                "0.1", "999999999", "2147483648", "-2147483649", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "5.5", "1.0");
        Arbitrary<String> timestamps = Arbitraries.of("\"2026-11-24T10:15:30Z\"", "\"+999999999-12-31T23:59:59Z\"",
                "\"2026-02-30T10:00:00Z\"", "\"2026-11-24T10:15:30+02:00\"", "\"yesterday\"", "1732443330", "\"\"");
        Arbitrary<String> shapes = Arbitraries.of("null", "true", "false", "[]", "{}", "[1,[2,[3]]]",
                "{\"a\":{\"b\":{\"c\":1}}}", "\"00001000\"", "\"OL\"", "[\"OL\",\"OB\"]", "[null]", "[\"ol\"]");
        Arbitrary<String> deep = Arbitraries.integers().between(100, 3000).map(n -> "[".repeat(n) + "]".repeat(n));
        return Arbitraries.oneOf(strings, longStrings, numbers, timestamps, shapes, deep,
                Combinators.combine(hostileText, shapes).as((t, s) -> "[" + jsonString(t) + "," + s + "]"));
    }

    private static String jsonString(String raw) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
