package io.upsfleet.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The journal's frames and records (layout in {@link Journal}). One instance per thread: it reuses its
 * buffers, deflater and inflater, so a steady stream of frames allocates next to nothing.
 */
final class FrameCodec {

    /** Receives the records of a frame. */
    interface RecordSink {
        void accept(long seq, Journal.Kind kind, boolean retained, byte[] topic, byte[] payload) throws IOException;
    }

    /** What a scan of a segment found: its valid part, and where it must be cut if its tail is torn. */
    record Scan(int frames, long records, long lastSeq, long validBytes, long truncateAt, String problem) {
    }

    private static final Journal.Kind[] KINDS = Journal.Kind.values();
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final Inflater inflater = new Inflater(true);
    private final CRC32C crc = new CRC32C();
    private ByteBuffer frame = ByteBuffer.allocate(64 * 1024);
    private byte[] raw = new byte[64 * 1024];
    private final ByteBuffer prefix = ByteBuffer.allocate(Journal.FRAME_PREFIX);

    static void writeRecord(Journal.Buf b, long seqDelta, Journal.Kind kind, boolean retained, byte[] topic, byte[] payload) {
        b.varint(seqDelta);
        b.put((byte) kind.ordinal());
        b.put((byte) (retained ? 1 : 0));
        b.varint(topic.length);
        b.put(topic);
        b.varint(payload.length);
        b.put(payload);
    }

    static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    /** The frame of these records, ready to write (valid until the next call). */
    ByteBuffer encodeFrame(byte[] records, int n, long first, long last, int count) {
        int bound = n + (n >> 12) + (n >> 14) + 64;
        int capacity = Journal.FRAME_PREFIX + Journal.FRAME_FIELDS + Math.max(n, bound);
        if (frame.capacity() < capacity) {
            frame = ByteBuffer.allocate(Math.max(capacity, frame.capacity() * 2));
        }
        byte[] f = frame.array();
        int bodyAt = Journal.FRAME_PREFIX + Journal.FRAME_FIELDS;
        deflater.reset();
        deflater.setInput(records, 0, n);
        deflater.finish();
        int packed = 0;
        while (!deflater.finished() && packed < n) {
            packed += deflater.deflate(f, bodyAt + packed, Math.min(n, f.length - bodyAt) - packed);
        }
        byte codec = Journal.DEFLATE;
        if (!deflater.finished() || packed >= n) { // not smaller: stored as it is
            System.arraycopy(records, 0, f, bodyAt, n);
            packed = n;
            codec = Journal.RAW;
        }
        int len = Journal.FRAME_FIELDS + packed;
        frame.clear();
        frame.putInt(len).putInt(0).putLong(first).putLong(last).putInt(count).putInt(n).put(codec);
        crc.reset();
        crc.update(f, Journal.FRAME_PREFIX, len);
        frame.putInt(4, (int) crc.getValue());
        frame.position(0).limit(Journal.FRAME_PREFIX + len);
        return frame;
    }

    /**
     * Reads, checks and decodes the frame at {@code pos} (which must end by {@code limit}); returns its length.
     *
     * @throws IOException when the frame is torn or corrupt (with the reason)
     */
    int readFrame(FileChannel ch, long pos, long limit, RecordSink sink) throws IOException {
        int len = checkFrame(ch, pos, limit);
        ByteBuffer content = ByteBuffer.wrap(frame.array(), 0, len);
        content.getLong(); // first
        content.getLong(); // last
        int count = content.getInt();
        int rawLength = content.getInt();
        byte codec = content.get();
        int bodyAt = Journal.FRAME_FIELDS;
        byte[] records;
        int recordsAt;
        if (codec == Journal.RAW) {
            records = frame.array();
            recordsAt = bodyAt;
        } else if (codec == Journal.DEFLATE) {
            if (raw.length < rawLength) {
                raw = new byte[Math.max(rawLength, raw.length * 2)];
            }
            inflater.reset();
            inflater.setInput(frame.array(), bodyAt, len - bodyAt);
            try {
                int got = 0;
                while (got < rawLength && !inflater.finished()) {
                    int k = inflater.inflate(raw, got, rawLength - got);
                    if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    got += k;
                }
                if (got != rawLength) {
                    throw new IOException("frame body inflates to " + got + " bytes, expected " + rawLength);
                }
            } catch (DataFormatException e) {
                throw new IOException("frame body does not inflate: " + e.getMessage());
            }
            records = raw;
            recordsAt = 0;
        } else {
            throw new IOException("unknown codec " + codec);
        }
        decodeRecords(records, recordsAt, rawLength, count, content.getLong(0), sink);
        return Journal.FRAME_PREFIX + len;
    }

    /** Reads the frame at pos into {@link #frame} (content only, from index 0) and checks length and CRC; returns the content length. */
    private int checkFrame(FileChannel ch, long pos, long limit) throws IOException {
        if (limit - pos < Journal.FRAME_PREFIX) {
            throw new IOException("torn frame header (" + (limit - pos) + " bytes)");
        }
        prefix.clear();
        readFully(ch, prefix, pos);
        int len = prefix.getInt(0);
        int expected = prefix.getInt(4);
        if (len < Journal.FRAME_FIELDS || len > Journal.maxFrame()) {
            throw new IOException("impossible frame length " + len);
        }
        if (pos + Journal.FRAME_PREFIX + len > limit) {
            throw new IOException("torn frame (" + len + " bytes announced, " + (limit - pos - Journal.FRAME_PREFIX) + " present)");
        }
        if (frame.capacity() < len) {
            frame = ByteBuffer.allocate(Math.max(len, frame.capacity() * 2));
        }
        ByteBuffer content = ByteBuffer.wrap(frame.array(), 0, len);
        readFully(ch, content, pos + Journal.FRAME_PREFIX);
        crc.reset();
        crc.update(frame.array(), 0, len);
        if ((int) crc.getValue() != expected) {
            throw new IOException("CRC mismatch");
        }
        return len;
    }

    private static void decodeRecords(byte[] a, int at, int n, int count, long firstSeq, RecordSink sink) throws IOException {
        int[] p = {at};
        int end = at + n;
        long seq = firstSeq;
        for (int i = 0; i < count; i++) {
            seq += varint(a, p, end);
            if (p[0] + 2 > end) {
                throw new IOException("record " + i + " cut short");
            }
            int kind = a[p[0]++];
            boolean retained = a[p[0]++] != 0;
            byte[] topic = bytes(a, p, end, (int) varint(a, p, end));
            byte[] payload = bytes(a, p, end, (int) varint(a, p, end));
            sink.accept(seq, kind >= 0 && kind < KINDS.length ? KINDS[kind] : Journal.Kind.OTHER, retained, topic, payload);
        }
    }

    private static long varint(byte[] a, int[] p, int end) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p[0] >= end) {
                throw new IOException("record cut short");
            }
            byte b = a[p[0]++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("bad varint");
    }

    private static byte[] bytes(byte[] a, int[] p, int end, int len) throws IOException {
        if (len < 0 || p[0] + len > end) {
            throw new IOException("record cut short");
        }
        byte[] b = java.util.Arrays.copyOfRange(a, p[0], p[0] + len);
        p[0] += len;
        return b;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int k = ch.read(b, pos + b.position());
            if (k < 0) {
                throw new IOException("end of file");
            }
        }
    }

    /** Checks every frame of a segment (length and CRC, not the records): what is valid and where a torn tail begins. */
    static Scan scan(Path file, FrameCodec codec) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(Journal.HEADER);
            if (size < Journal.HEADER) {
                return new Scan(0, 0, -1, 0, 0, "no header");
            }
            readFully(ch, magic, 0);
            if (magic.getInt(0) != Journal.MAGIC) {
                return new Scan(0, 0, -1, 0, 0, "not a journal segment");
            }
            long pos = Journal.HEADER;
            int frames = 0;
            long records = 0;
            long last = -1;
            while (pos < size) {
                int len;
                try {
                    len = codec.checkFrame(ch, pos, size);
                } catch (IOException e) {
                    return new Scan(frames, records, last, pos, pos, e.getMessage());
                }
                ByteBuffer content = ByteBuffer.wrap(codec.frame.array(), 0, len);
                last = content.getLong(8);
                records += content.getInt(16);
                frames++;
                pos += Journal.FRAME_PREFIX + len;
            }
            return new Scan(frames, records, last, pos, -1, null);
        }
    }

    /** Every record of a segment, in order (the segment must be whole: scanned at start or written since). */
    static void forEachRecord(Path file, FrameCodec codec, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = Journal.HEADER;
            while (pos < size) {
                pos += codec.readFrame(ch, pos, size, sink);
            }
        }
    }
}
