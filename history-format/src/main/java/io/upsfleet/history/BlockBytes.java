package io.upsfleet.history;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The byte level of {@link ReadingBlocks}: varints, zigzag, 8-byte longs, and deflate around the body. */
final class BlockBytes {

    private BlockBytes() {
    }

    /** {@code format} followed by {@code body} deflated. */
    static byte[] deflate(byte format, byte[] body) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 16);
            out.write(format);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** The body of a block (after its format byte). */
    static byte[] inflate(byte[] block) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(block, 1, block.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(block.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int k = inflater.inflate(buffer);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated reading block");
                }
                out.write(buffer, 0, k);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt reading block: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Writes the body of a block. */
    static final class Writer extends ByteArrayOutputStream {
        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void long64(long v) {
            for (int i = 56; i >= 0; i -= 8) {
                write((int) (v >>> i) & 0xFF);
            }
        }
    }

    /** Reads the body of a block. */
    static final class Reader {
        private final byte[] data;
        private int at;

        Reader(byte[] data) {
            this.data = data;
        }

        int read() {
            if (at >= data.length) {
                throw new IllegalArgumentException("truncated reading block");
            }
            return data[at++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("corrupt varint in reading block");
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        long long64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | read();
            }
            return v;
        }
    }
}
