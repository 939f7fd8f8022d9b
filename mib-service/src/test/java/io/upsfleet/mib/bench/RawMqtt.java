package io.upsfleet.mib.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The few MQTT 3.1.1 encodings the benchmark's raw clients need. */
final class RawMqtt {

    private RawMqtt() {
    }

    /** CONNECT with a clean session and no keep-alive; fails unless the broker accepts. */
    static void connect(OutputStream out, DataInputStream in, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02 /* clean session */, 0, 0 /* no keep-alive */};
        writeFixedHeader(out, 0x10, variable.length + 2 + id.length);
        out.write(variable);
        writeString(out, id);
        out.flush();
        int type = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        byte[] connack = in.readNBytes(length);
        if (type != 0x20 || length != 2 || connack[1] != 0) {
            throw new IOException("broker refused the connection: CONNACK " + type + "/" + (length == 2 ? connack[1] : -1));
        }
    }

    static void writeString(OutputStream out, byte[] utf8) throws IOException {
        out.write(utf8.length >> 8);
        out.write(utf8.length);
        out.write(utf8);
    }

    static int readRemainingLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    static void writeFixedHeader(OutputStream out, int firstByte, int remaining) throws IOException {
        out.write(firstByte);
        do {
            int b = remaining & 0x7f;
            remaining >>>= 7;
            out.write(remaining > 0 ? b | 0x80 : b);
        } while (remaining > 0);
    }
}
