package io.upsfleet.nut.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Cuts a client's byte stream into request lines ({@code \n} terminated), as upsd does: bytes outside
 * printable ASCII are dropped (tab and CR stay, they separate words), and at most {@code maxLength} bytes are
 * kept per line. A longer line is reported once, the moment it passes the limit, and the rest of it up to its
 * newline is thrown away unread: a 1 MB line costs this client nothing but the bytes it sent, and never grows
 * a buffer.
 */
public final class LineReader {

    /** Where complete lines go. */
    public interface Sink {
        void line(String line);

        /** A line passed the limit; what follows up to its newline is skipped. */
        void tooLong();
    }

    private final byte[] buffer;
    private int length;
    private boolean skipping;

    public LineReader(int maxLength) {
        this.buffer = new byte[maxLength];
    }

    public void feed(byte[] bytes, Sink sink) {
        for (byte b : bytes) {
            if (b == '\n') {
                if (skipping) {
                    skipping = false;
                } else {
                    String line = new String(buffer, 0, length, StandardCharsets.US_ASCII);
                    length = 0;
                    sink.line(line);
                }
            } else if (skipping || !(b == '\t' || b == '\r' || (b >= 0x20 && b < 0x7f))) {
                continue;
            } else if (length == buffer.length) {
                length = 0;
                skipping = true;
                sink.tooLong();
            } else {
                buffer[length++] = b;
            }
        }
    }

    /** Bytes of an unfinished line held now (at most the limit). */
    public int pending() {
        return length;
    }
}
