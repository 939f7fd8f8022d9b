package io.upsfleet.history;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A block gives back exactly what went in (every field, bit for bit, nulls included), and a regular 1 s
 * series of a UPS takes a few bytes per reading.
 */
class ReadingBlocksTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Property(tries = 300, seed = "20261128")
    void everyBlockDecodesToExactlyTheReadingsItWasMadeOf(@ForAll("series") @Size(min = 1, max = 400) List<StoredReading> readings) {
        assertEquals(readings, ReadingBlocks.decode(ReadingBlocks.encode(readings)));
    }

    @Test
    void anHourOfOneSecondReadingsTakesAFewBytesEach() {
        List<StoredReading> hour = realisticHour(new Random(1), T0);
        byte[] block = ReadingBlocks.encode(hour);
        assertEquals(hour, ReadingBlocks.decode(block));
        double perReading = block.length / (double) hour.size();
        assertTrue(perReading < 12, "bytes per reading: " + perReading);
    }

    @Test
    void oddDoublesNegativeZeroAndNanAreKeptBitForBit() {
        List<StoredReading> readings = List.of(
                reading(T0, 0.1 + 0.2, -0.0, Double.NaN, 1e300),
                reading(T0.plusNanos(1000), 230.1, 0.0, 1.0 / 3, Double.MIN_VALUE));
        assertEquals(readings, ReadingBlocks.decode(ReadingBlocks.encode(readings)));
    }

    @Test
    void aDamagedBlockIsRefusedNotMisread() {
        byte[] block = ReadingBlocks.encode(realisticHour(new Random(2), T0).subList(0, 10));
        assertThrows(IllegalArgumentException.class, () -> ReadingBlocks.decode(new byte[] {9, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> ReadingBlocks.decode(java.util.Arrays.copyOf(block, block.length / 2)));
    }

    private static StoredReading reading(Instant ts, Double in, Double fault, Double battery, Double charge) {
        return new StoredReading(ts, in, fault, 230.0, 30, 50.0, battery, null, "00001000", charge, 1200);
    }

    /** What a healthy simulated unit reports at 1 s: noisy mains, steady load, a full battery. */
    static List<StoredReading> realisticHour(Random random, Instant start) {
        List<StoredReading> out = new ArrayList<>(3600);
        long ms = start.toEpochMilli();
        for (int i = 0; i < 3600; i++) {
            ms += 1000 + random.nextInt(21) - 10; // the poll's jitter
            double input = Math.round((230 + random.nextDouble(-2, 2)) * 10) / 10.0;
            double output = Math.round((230 + random.nextDouble(-0.5, 0.5)) * 10) / 10.0;
            double freq = Math.round((50 + random.nextDouble(-0.1, 0.1)) * 10) / 10.0;
            out.add(new StoredReading(Instant.ofEpochMilli(ms), input, 0.0, output, 30, freq, 2.28, 28.0,
                    "00001001", 100.0, 2000));
        }
        return out;
    }

    @Provide
    Arbitrary<List<StoredReading>> series() {
        Arbitrary<Double> anyDouble = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1000, 1000).ofScale(1).map(Double::valueOf),
                Arbitraries.doubles().between(0, 100).ofScale(3).map(Double::valueOf),
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, -0.0, 0.0, Double.MAX_VALUE, -Double.MIN_VALUE, 0.1 + 0.2));
        Arbitrary<Double> maybe = Arbitraries.oneOf(anyDouble, Arbitraries.just(null));
        Arbitrary<Integer> maybeInt = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.just(null));
        Arbitrary<String> flags = Arbitraries.strings().withChars('0', '1').ofLength(8);
        Arbitrary<Long> stepMicros = Arbitraries.oneOf(Arbitraries.longs().between(0, 5_000_000),
                Arbitraries.longs().between(0, 5_000).map(ms -> ms * 1000));
        Arbitrary<StoredReading> row = Combinators.combine(stepMicros, maybe, maybe, maybe, maybeInt, maybe, maybe, maybe)
                .as((step, a, b, c, load, d, e, f) -> new StoredReading(Instant.ofEpochSecond(0, step * 1000), a, b, c, load, d, e, f,
                        "00001000", null, null))
                .flatMap(r -> Combinators.combine(flags, maybe, maybeInt).as((fl, charge, runtime) -> new StoredReading(r.ts(),
                        r.inputVoltage(), r.inputFaultVoltage(), r.outputVoltage(), r.loadPercent(), r.inputFrequency(),
                        r.batteryVoltage(), r.temperature(), fl, charge, runtime)));
        return row.list().ofMinSize(1).ofMaxSize(400).map(ReadingBlocksTest::accumulateTime);
    }

    /** The generated ts are steps: make them a rising series from T0. */
    private static List<StoredReading> accumulateTime(List<StoredReading> rows) {
        List<StoredReading> out = new ArrayList<>(rows.size());
        Instant t = T0;
        for (StoredReading r : rows) {
            t = t.plusNanos(r.ts().getEpochSecond() * 1_000_000_000L + r.ts().getNano());
            out.add(new StoredReading(t, r.inputVoltage(), r.inputFaultVoltage(), r.outputVoltage(), r.loadPercent(),
                    r.inputFrequency(), r.batteryVoltage(), r.temperature(), r.flags(), r.batteryCharge(), r.runtimeSeconds()));
        }
        return out;
    }
}
