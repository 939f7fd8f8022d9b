package io.upsfleet.mib.bench;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal MQTT 3.1.1 QoS 1 publisher for the benchmark's load: packets are encoded up front and
 * written in large chunks, so the load generator needs a few percent of a core instead of the 70 % a
 * Paho client took on this 2-core machine, CPU that belongs to the broker, the service and the database
 * being measured. Keeps at most {@code window} messages unacknowledged (packet ids stay unique among them)
 * and counts the broker's PUBACKs.
 */
final class RawMqttPublisher implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Semaphore window;
    private final int windowSize;
    private final AtomicLong acked = new AtomicLong();
    private final Thread reader;
    private volatile IOException readFailure;
    private int nextPacketId = 1;

    RawMqttPublisher(String host, int port, String clientId, int windowSize) throws IOException {
        this.windowSize = windowSize;
        this.window = new Semaphore(windowSize);
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new DataInputStream(socket.getInputStream());
        RawMqtt.connect(out, in, clientId);
        reader = new Thread(this::readAcks, "raw-mqtt-acks-" + clientId);
        reader.setDaemon(true);
        reader.start();
    }

    /** Queues one QoS 1 PUBLISH (written when the buffer fills or on {@link #flush()}). */
    void publish(byte[] topic, byte[] payload) throws IOException, InterruptedException {
        if (!window.tryAcquire()) {
            out.flush();
            window.acquire();
        }
        if (readFailure != null) {
            throw readFailure;
        }
        RawMqtt.writeFixedHeader(out, 0x32, 2 + topic.length + 2 + payload.length);
        RawMqtt.writeString(out, topic);
        out.write(nextPacketId >> 8);
        out.write(nextPacketId);
        out.write(payload);
        nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Flushes and waits until the broker has acknowledged everything published. */
    void awaitAcks() throws IOException, InterruptedException {
        out.flush();
        window.acquire(windowSize);
        window.release(windowSize);
        if (readFailure != null) {
            throw readFailure;
        }
    }

    long acked() {
        return acked.get();
    }

    private void readAcks() {
        try {
            while (true) {
                int type = in.readUnsignedByte();
                int length = RawMqtt.readRemainingLength(in);
                in.skipNBytes(length);
                if (type == 0x40) { // PUBACK
                    acked.incrementAndGet();
                    window.release();
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                readFailure = e;
                window.release(windowSize); // wake a waiting publisher, which then reports the failure
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.write(new byte[] {(byte) 0xe0, 0}); // DISCONNECT
            out.flush();
        } finally {
            socket.close();
        }
    }
}
