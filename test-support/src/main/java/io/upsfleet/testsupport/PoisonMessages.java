package io.upsfleet.testsupport;

import io.upsfleet.contracts.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Seeded streams of per-UPS messages for the consumers' fuzz suites: valid ones and poison (random bytes,
 * truncated and deeply nested JSON, wrong types, huge and non-finite numbers, NUL, other control characters
 * and lone surrogates in string fields, bad ids, timestamps far in the future and past, payloads near 1 MB),
 * interleaved. Every message travels on its own UPS's topic ({@code prefix-n}), so a test can check each
 * outcome: a valid message processed exactly once, a poison one dead-lettered exactly once. The same seed
 * gives the same stream.
 */
public final class PoisonMessages {

    /** One message; {@code why} names the poison (or "valid ..."). */
    public record Message(String upsId, String topic, byte[] payload, boolean valid, String why) {
        @Override
        public String toString() {
            return (valid ? "valid" : "poison") + " " + why + " on " + topic + " (" + payload.length + " bytes)";
        }
    }

    private static final int NEAR_ONE_MB = 1_000_000;

    private final Random random;
    private final Instant now;
    private int commandIds;

    private PoisonMessages(long seed) {
        this.random = new Random(seed);
        this.now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Readings: about half valid. */
    public static List<Message> readings(long seed, String prefix, int count) {
        PoisonMessages m = new PoisonMessages(seed);
        return m.stream(prefix, count, Topics::reading, m::readingJson, "flags", "inputVoltage");
    }

    /** Alarm edges: about half valid. */
    public static List<Message> alarms(long seed, String prefix, int count) {
        PoisonMessages m = new PoisonMessages(seed);
        return m.stream(prefix, count, Topics::alarm, m::alarmJson, "message", "v");
    }

    /** Command results: about half valid. */
    public static List<Message> commandResults(long seed, String prefix, int count) {
        PoisonMessages m = new PoisonMessages(seed);
        return m.stream(prefix, count, Topics::commandResult, m::commandResultJson, "detail", "v");
    }

    /**
     * Command requests, all for one UPS (a gateway executes only its own units' commands), each with its own
     * command id: about half valid.
     */
    public static List<Message> commands(long seed, String upsId, int count) {
        PoisonMessages m = new PoisonMessages(seed);
        return m.stream(count, i -> upsId, Topics::command, m::commandJson, "requestedBy", "testMinutes");
    }

    private interface Template {
        String json(String upsId, Instant ts, String extra);
    }

    private List<Message> stream(String prefix, int count, Function<String, String> topicOf, Template template,
                                 String textField, String numberField) {
        return stream(count, i -> prefix + "-" + i, topicOf, template, textField, numberField);
    }

    private List<Message> stream(int count, IntFunction<String> upsOf, Function<String, String> topicOf, Template template,
                                 String textField, String numberField) {
        List<Message> out = new ArrayList<>(count);
        int big = 0;
        for (int i = 0; i < count; i++) {
            String ups = upsOf.apply(i);
            String topic = topicOf.apply(ups);
            int kind = random.nextInt(24);
            if (kind >= 10 && kind <= 13 && big++ >= 2) {
                kind = 20; // at most two near-1 MB payloads per stream: they are slow to pass around
            }
            String valid = template.json(ups, now.minusMillis(random.nextInt(60_000)), "");
            out.add(switch (kind) {
                case 0 -> poison(ups, topic, randomBytes(1 + random.nextInt(300)), "random bytes");
                case 1 -> poison(ups, topic, utf8(valid.substring(0, 1 + random.nextInt(valid.length() - 1))), "truncated JSON");
                case 2 -> poison(ups, topic, utf8("[".repeat(5000) + "]".repeat(5000)), "deeply nested JSON");
                case 3 -> poison(ups, topic, utf8(valid.replace("\"v\":1", "\"v\":\"one\"")), "wrong type");
                case 4 -> poison(ups, topic, utf8(replaceNumber(valid, numberField, "1e400")), "non-finite number");
                case 5 -> poison(ups, topic, utf8(replaceNumber(valid, numberField, "123456789012345678901234567890")), "huge number");
                case 6 -> poison(ups, topic, utf8(replaceText(valid, textField, "NUL\\u0000here")), "NUL in " + textField);
                case 7 -> poison(ups, topic, utf8(replaceText(valid, textField, "esc\\u001b[2J")), "control character in " + textField);
                case 8 -> poison(ups, topic, utf8(replaceText(valid, textField, "half \\ud800 pair")), "lone surrogate in " + textField);
                case 9 -> poison(ups, topic, utf8(template.json(ups + "/x", now, "")), "bad id");
                case 10 -> poison(ups, topic, garbage(NEAR_ONE_MB), "1 MB of garbage");
                case 11 -> valid(ups, topic, template.json(ups, now, ",\"padding\":\"" + "p".repeat(NEAR_ONE_MB - 1000) + "\""),
                        "valid with a 1 MB unknown field");
                case 12 -> poison(ups, topic, utf8(template.json(ups, now.plus(Duration.ofDays(3650)), "")), "ten years ahead");
                case 13 -> poison(ups, topic, utf8(template.json(ups, now.minus(Duration.ofDays(3650)), "")), "ten years behind");
                case 14 -> poison(ups, topic, utf8(template.json("someone-else", now, "")), "UPS id of another topic");
                case 15 -> poison(ups, topic, utf8("{}"), "empty object");
                case 16 -> poison(ups, topic, utf8("null"), "null");
                default -> valid(ups, topic, valid, "valid");
            });
        }
        return out;
    }

    private String readingJson(String ups, Instant ts, String extra) {
        return "{\"v\":1,\"upsId\":\"" + ups + "\",\"gatewayId\":\"gw-fuzz\",\"ts\":\"" + ts + "\",\"inputVoltage\":"
                + (200 + random.nextInt(40)) + ".5,\"outputVoltage\":230.0,\"loadPercent\":" + random.nextInt(100)
                + ",\"flags\":\"00001000\"" + extra + "}";
    }

    private String alarmJson(String ups, Instant ts, String extra) {
        return "{\"v\":1,\"eventId\":\"fuzz-" + ups + "\",\"upsId\":\"" + ups + "\",\"gatewayId\":\"gw-fuzz\",\"ts\":\"" + ts
                + "\",\"alarm\":\"OVERLOAD\",\"state\":\"RAISED\",\"message\":\"load 120 % \u26a1\"" + extra + "}";
    }

    private String commandResultJson(String ups, Instant ts, String extra) {
        return "{\"v\":1,\"commandId\":\"fuzz-" + ups + "\",\"upsId\":\"" + ups + "\",\"gatewayId\":\"gw-fuzz\","
                + "\"command\":\"BEEPER_TOGGLE\",\"outcome\":\"DONE\",\"detail\":\"confirmed\",\"ts\":\"" + ts + "\"" + extra + "}";
    }

    private String commandJson(String ups, Instant ts, String extra) {
        return "{\"v\":1,\"commandId\":\"fuzz-" + (++commandIds) + "-" + Integer.toHexString(random.nextInt()) + "\",\"upsId\":\""
                + ups + "\",\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":" + (1 + random.nextInt(99))
                + ",\"requestedBy\":\"fuzz \u26a1\",\"ts\":\"" + ts + "\"" + extra + "}";
    }

    private static Message valid(String ups, String topic, String json, String why) {
        return new Message(ups, topic, utf8(json), true, why);
    }

    private static Message poison(String ups, String topic, byte[] payload, String why) {
        return new Message(ups, topic, payload, false, why);
    }

    private static String replaceNumber(String json, String field, String value) {
        return json.replaceFirst("\"" + field + "\":[^,}]+", "\"" + field + "\":" + value);
    }

    private static String replaceText(String json, String field, String escapedValue) {
        return json.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + escapedValue.replace("\\", "\\\\") + "\"");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (b[0] == '{' || b[0] == '[') {
            b[0] = '#'; // keep it from being valid JSON by chance
        }
        return b;
    }

    private byte[] garbage(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) '~');
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
