package io.upsfleet.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The compact form of one UPS's readings over a stretch of time (an hour as mib-service stores them):
 * column by column, each value as the difference to the one before, then deflated. Every field comes back
 * exactly as it went in, bit for bit: timestamps to the microsecond (PostgreSQL's precision), doubles that
 * are short decimals (a UPS reports 230.1, 49.9, 2.27) as scaled integers, any other double as its raw
 * bits, nulls where there were nulls. A regular 1 s series takes ~5-10 bytes per reading.
 *
 * <pre>
 * block   = FORMAT (1 byte) deflate(body)
 * body    = n (varint) firstMicros (8 bytes) tsUnit (1 byte: 1 = µs, 2 = ms)
 *           n-1 x zigzag(delta of delta of ts in tsUnit)
 *           n x flags (one byte: b7 first)
 *           7 double columns, 2 int columns: mode (0 all null, 1 scaled(+scale byte), 2 raw bits, 3 ints)
 *           [presence bitmap if some are null] values (zigzag varint deltas, or 8 bytes XOR the previous)
 * </pre>
 */
public final class ReadingBlocks {

    /** First byte of a block: the format version, so a later format can be told apart. */
    public static final byte FORMAT = 1;

    private static final List<Function<StoredReading, Double>> DOUBLES = List.of(StoredReading::inputVoltage,
            StoredReading::inputFaultVoltage, StoredReading::outputVoltage, StoredReading::inputFrequency,
            StoredReading::batteryVoltage, StoredReading::temperature, StoredReading::batteryCharge);
    private static final List<Function<StoredReading, Integer>> INTS = List.of(StoredReading::loadPercent,
            StoredReading::runtimeSeconds);
    private static final int MAX_SCALE = 3;
    private static final long[] POW10 = {1, 10, 100, 1000};

    private ReadingBlocks() {
    }

    /** Encodes readings, oldest first, as one block. */
    public static byte[] encode(List<StoredReading> readings) {
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("a block holds at least one reading");
        }
        BlockBytes.Writer out = new BlockBytes.Writer();
        int n = readings.size();
        out.varint(n);
        long first = micros(readings.get(0).ts());
        out.long64(first);
        boolean millis = readings.stream().allMatch(r -> micros(r.ts()) % 1000 == 0);
        long unit = millis ? 1000 : 1;
        out.write(millis ? 2 : 1);
        long prev = first;
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long t = micros(readings.get(i).ts());
            long delta = (t - prev) / unit;
            out.zigzag(delta - prevDelta);
            prevDelta = delta;
            prev = t;
        }
        for (StoredReading r : readings) {
            out.write(flagsByte(r.flags()));
        }
        for (Function<StoredReading, Double> column : DOUBLES) {
            writeDoubles(out, readings.stream().map(column).toList());
        }
        for (Function<StoredReading, Integer> column : INTS) {
            writeInts(out, readings.stream().map(column).toList());
        }
        return BlockBytes.deflate(FORMAT, out.toByteArray());
    }

    /** Decodes a block made by {@link #encode}. */
    public static List<StoredReading> decode(byte[] block) {
        if (block.length == 0 || block[0] != FORMAT) {
            throw new IllegalArgumentException("not a reading block of format " + FORMAT);
        }
        BlockBytes.Reader in = new BlockBytes.Reader(BlockBytes.inflate(block));
        int n = (int) in.varint();
        long first = in.long64();
        long unit = in.read() == 2 ? 1000 : 1;
        long[] ts = new long[n];
        ts[0] = first;
        long delta = 0;
        for (int i = 1; i < n; i++) {
            delta += in.zigzag();
            ts[i] = ts[i - 1] + delta * unit;
        }
        String[] flags = new String[n];
        for (int i = 0; i < n; i++) {
            flags[i] = flagsString(in.read());
        }
        List<Double[]> doubles = new ArrayList<>();
        for (int c = 0; c < DOUBLES.size(); c++) {
            doubles.add(readDoubles(in, n));
        }
        List<Integer[]> ints = new ArrayList<>();
        for (int c = 0; c < INTS.size(); c++) {
            ints.add(readInts(in, n));
        }
        List<StoredReading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new StoredReading(instant(ts[i]), doubles.get(0)[i], doubles.get(1)[i], doubles.get(2)[i], ints.get(0)[i],
                    doubles.get(3)[i], doubles.get(4)[i], doubles.get(5)[i], flags[i], doubles.get(6)[i], ints.get(1)[i]));
        }
        return out;
    }

    // ---------------------------------------------------------------- columns

    private static void writeDoubles(BlockBytes.Writer out, List<Double> values) {
        if (values.stream().allMatch(v -> v == null)) {
            out.write(0);
            return;
        }
        int scale = decimalScale(values);
        out.write(scale >= 0 ? 1 : 2);
        if (scale >= 0) {
            out.write(scale);
        }
        writePresence(out, values);
        long prev = 0;
        for (Double v : values) {
            if (v == null) {
                continue;
            }
            long x = scale >= 0 ? Math.round(v * POW10[scale]) : Double.doubleToRawLongBits(v);
            if (scale >= 0) {
                out.zigzag(x - prev);
            } else {
                out.long64(x ^ prev);
            }
            prev = x;
        }
    }

    private static Double[] readDoubles(BlockBytes.Reader in, int n) {
        Double[] values = new Double[n];
        int mode = in.read();
        if (mode == 0) {
            return values;
        }
        int scale = mode == 1 ? in.read() : -1;
        boolean[] present = readPresence(in, n);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                continue;
            }
            long x = scale >= 0 ? prev + in.zigzag() : in.long64() ^ prev;
            values[i] = scale >= 0 ? x / (double) POW10[scale] : Double.longBitsToDouble(x);
            prev = x;
        }
        return values;
    }

    /**
     * The smallest number of decimals (0..3) that gives every value back exactly when it is stored as an
     * integer of that many decimals and divided back; -1 when there is none (the column is stored raw).
     */
    static int decimalScale(List<Double> values) {
        int scale = 0;
        for (Double v : values) {
            if (v == null) {
                continue;
            }
            if (v.isNaN() || v.isInfinite() || Math.abs(v) > 1e12 || (v == 0 && 1 / v < 0)) {
                return -1;
            }
            int s = Math.max(0, BigDecimal.valueOf(v).stripTrailingZeros().scale());
            if (s > MAX_SCALE) {
                return -1;
            }
            scale = Math.max(scale, s);
        }
        for (Double v : values) {
            if (v != null && Math.round(v * POW10[scale]) / (double) POW10[scale] != v) {
                return -1;
            }
        }
        return scale;
    }

    private static void writeInts(BlockBytes.Writer out, List<Integer> values) {
        if (values.stream().allMatch(v -> v == null)) {
            out.write(0);
            return;
        }
        out.write(3);
        writePresence(out, values);
        long prev = 0;
        for (Integer v : values) {
            if (v != null) {
                out.zigzag(v - prev);
                prev = v;
            }
        }
    }

    private static Integer[] readInts(BlockBytes.Reader in, int n) {
        Integer[] values = new Integer[n];
        if (in.read() == 0) {
            return values;
        }
        boolean[] present = readPresence(in, n);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                prev += in.zigzag();
                values[i] = (int) prev;
            }
        }
        return values;
    }

    /** 0 when every value is there, else 1 and one bit per reading. */
    private static void writePresence(BlockBytes.Writer out, List<?> values) {
        if (values.stream().noneMatch(v -> v == null)) {
            out.write(0);
            return;
        }
        out.write(1);
        for (int i = 0; i < values.size(); i += 8) {
            int b = 0;
            for (int j = 0; j < 8 && i + j < values.size(); j++) {
                if (values.get(i + j) != null) {
                    b |= 1 << j;
                }
            }
            out.write(b);
        }
    }

    private static boolean[] readPresence(BlockBytes.Reader in, int n) {
        boolean[] present = new boolean[n];
        if (in.read() == 0) {
            java.util.Arrays.fill(present, true);
            return present;
        }
        for (int i = 0; i < n; i += 8) {
            int b = in.read();
            for (int j = 0; j < 8 && i + j < n; j++) {
                present[i + j] = (b & (1 << j)) != 0;
            }
        }
        return present;
    }

    private static int flagsByte(String flags) {
        if (flags == null || flags.length() != 8) {
            throw new IllegalArgumentException("flags must be 8 characters of 0/1 but were '" + flags + "'");
        }
        int b = 0;
        for (int i = 0; i < 8; i++) {
            char c = flags.charAt(i);
            if (c != '0' && c != '1') {
                throw new IllegalArgumentException("flags must be 8 characters of 0/1 but were '" + flags + "'");
            }
            b = (b << 1) | (c - '0');
        }
        return b;
    }

    private static String flagsString(int b) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = (char) ('0' + (b & 1));
            b >>= 1;
        }
        return new String(c);
    }

    // ---------------------------------------------------------------- bytes

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
