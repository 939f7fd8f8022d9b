package io.upsfleet.mib.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A QoS 1 subscriber that does nothing but acknowledge: with it in place of mib-service the benchmark
 * measures what the broker alone can deliver on this machine, the ceiling of any MQTT consumer here.
 */
final class RawMqttSubscriber implements AutoCloseable {

    private final Socket socket;
    private final AtomicLong received = new AtomicLong();
    private final Thread reader;

    RawMqttSubscriber(String host, int port, String clientId, String filter) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        RawMqtt.connect(out, in, clientId);
        byte[] topic = filter.getBytes(StandardCharsets.UTF_8);
        RawMqtt.writeFixedHeader(out, 0x82, 2 + 2 + topic.length + 1);
        out.write(new byte[] {0, 1});
        RawMqtt.writeString(out, topic);
        out.write(1); // QoS 1
        out.flush();
        if (in.readUnsignedByte() != 0x90) {
            throw new IOException("no SUBACK");
        }
        in.skipNBytes(RawMqtt.readRemainingLength(in));
        reader = new Thread(() -> receive(in, out), "raw-mqtt-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    private void receive(DataInputStream in, OutputStream out) {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int length = RawMqtt.readRemainingLength(in);
                if ((first & 0xf0) != 0x30) {
                    in.skipNBytes(length);
                    continue;
                }
                int topicLength = in.readUnsignedShort();
                in.skipNBytes(topicLength);
                int rest = length - 2 - topicLength;
                if ((first & 0x06) != 0) {
                    int packetId = in.readUnsignedShort();
                    rest -= 2;
                    out.write(new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId});
                }
                in.skipNBytes(rest);
                received.incrementAndGet();
                if (in.available() == 0) {
                    out.flush(); // acknowledge everything read so far before waiting for more
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                System.err.println("raw subscriber failed: " + e);
            }
        }
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
