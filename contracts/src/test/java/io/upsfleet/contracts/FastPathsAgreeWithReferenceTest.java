package io.upsfleet.contracts;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The hand-written hot-path parsers must decide exactly like the slow reference they replace:
 * {@link Topics#isValidId} like {@link Topics#ID_PATTERN}, the fast timestamp reader like {@link Instant#parse}.
 */
class FastPathsAgreeWithReferenceTest {

    private static final String ID_ALPHABET = "aZ09_.-/+#$ é\u0000";

    @Test
    void idCheckAgreesWithThePatternOnRandomStrings() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(70);
            StringBuilder id = new StringBuilder();
            for (int j = 0; j < length; j++) {
                id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
            }
            String s = id.toString();
            assertEquals(Topics.ID_PATTERN.matcher(s).matches(), Topics.isValidId(s), () -> "id '" + s + "'");
        }
        for (String edge : List.of("", "a", "-a", ".a", "_a", "a-", "x".repeat(64), "x".repeat(65), "ups-1.rack_2")) {
            assertEquals(Topics.ID_PATTERN.matcher(edge).matches(), Topics.isValidId(edge), edge);
        }
        assertEquals(false, Topics.isValidId(null));
    }

    @Test
    void fastTimestampsEqualInstantParseForEveryPrecision() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            for (Instant truncated : List.of(t, Instant.ofEpochSecond(t.getEpochSecond()),
                    Instant.ofEpochMilli(t.toEpochMilli()))) {
                String text = truncated.toString();
                if (text.startsWith("+") || text.startsWith("-")) {
                    // Years beyond 4 digits: not our producers' format, left to the reference parser.
                    assertNull(FastInstantDeserializer.parseUtc(text), text);
                } else {
                    assertEquals(Instant.parse(text), FastInstantDeserializer.parseUtc(text), text);
                }
            }
        }
    }

    @Test
    void textsTheFastReaderDoesNotTakeAreJudgedByTheReferenceParser() {
        for (String odd : List.of("2026-11-24T10:15:30+01:00", "2026-11-24T10:15:30.1234567890Z", "2026-02-30T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24 10:15:30Z", "2026-11-24T10:15:30.Z",
                "2026-11-24T10:15:3xZ", "2026-11-24T10:15:30z")) {
            assertNull(FastInstantDeserializer.parseUtc(odd), odd);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.5Z"), FastInstantDeserializer.parseUtc("2024-02-29T23:59:59.5Z"));
        assertNull(FastInstantDeserializer.parseUtc("2023-02-29T00:00:00Z"));
        assertThrows(DateTimeException.class, () -> Instant.parse("2023-02-29T00:00:00Z"));
    }

    @Test
    void payloadTimestampsWithAnOffsetOrABadDateStillGoThroughJackson() {
        String offset = "{\"v\":1,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"ts\":\"2026-11-24T11:15:30+01:00\",\"flags\":\"00001000\"}";
        assertEquals(Instant.parse("2026-11-24T10:15:30Z"), Json.parse(offset, Reading.class).ts());
        String badDate = "{\"v\":1,\"upsId\":\"u1\",\"gatewayId\":\"g\",\"ts\":\"2026-02-30T10:15:30Z\",\"flags\":\"00001000\"}";
        assertThrows(InvalidPayloadException.class, () -> Json.parse(badDate, Reading.class));
    }
}
