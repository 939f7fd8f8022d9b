package io.upsfleet.gateway.link;

import com.fazecast.jSerialComm.SerialPort;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Megatec over a local serial port (RS-232, USB adapter, pty) via jSerialComm. Serial I/O blocks, so each
 * port gets a thread of its own; results come back on the poller's context.
 */
public final class SerialLink implements UpsLink {

    private static final int MAX_REPLY = 512;

    private final Context context;
    private final SerialSettings settings;
    private final ExecutorService thread;
    private SerialPort port;
    private volatile Runnable sessionOpened = () -> { };

    public SerialLink(Context context, SerialSettings settings) {
        this.context = context;
        this.settings = settings;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "serial-" + settings.path());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Future<String> request(String request, Duration timeout) {
        Promise<String> promise = Promise.promise();
        thread.execute(() -> {
            try {
                String reply = exchange(request, timeout);
                context.runOnContext(v -> promise.complete(reply));
            } catch (RuntimeException e) {
                closePort();
                context.runOnContext(v -> promise.fail(e));
            }
        });
        return promise.future();
    }

    private String exchange(String request, Duration timeout) {
        SerialPort p = open();
        // Whatever is waiting in the input buffer is a late or spurious reply: it belongs to no request.
        byte[] stale = new byte[256];
        while (p.bytesAvailable() > 0 && p.readBytes(stale, Math.min(stale.length, p.bytesAvailable())) > 0) {
            // drained
        }
        byte[] out = (request + "\r").getBytes(StandardCharsets.US_ASCII);
        if (p.writeBytes(out, out.length) != out.length) {
            throw new LinkException("write to " + describe() + " failed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (System.nanoTime() < deadline) {
            int remainingMs = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, remainingMs, 0);
            int n = p.readBytes(one, 1);
            if (n < 0) {
                throw new LinkException("read from " + describe() + " failed");
            }
            if (n == 0) {
                continue;
            }
            if (one[0] == '\r') {
                return reply.toString(StandardCharsets.ISO_8859_1);
            }
            if (reply.size() >= MAX_REPLY) {
                throw new LinkException("reply from " + describe() + " longer than " + MAX_REPLY + " bytes without CR");
            }
            reply.write(one[0]);
        }
        return null;
    }

    private SerialPort open() {
        if (port != null && port.isOpen()) {
            return port;
        }
        SerialPort p = SerialPort.getCommPort(settings.path());
        p.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!p.openPort()) {
            throw new LinkException(LinkException.Kind.CONNECT, "cannot open serial port " + settings.path() + " (missing, busy or no permission)");
        }
        // Many UPS cables draw power from DTR and need RTS low.
        if (settings.dtr()) {
            p.setDTR();
        } else {
            p.clearDTR();
        }
        if (settings.rts()) {
            p.setRTS();
        } else {
            p.clearRTS();
        }
        port = p;
        sessionOpened.run();
        return p;
    }

    private void closePort() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }

    @Override
    public void onSessionOpened(Runnable listener) {
        Runnable before = sessionOpened;
        sessionOpened = () -> {
            before.run();
            listener.run();
        };
    }

    @Override
    public void reset() {
        thread.execute(this::closePort);
    }

    @Override
    public String describe() {
        return "serial:" + settings.path();
    }

    @Override
    public void close() {
        thread.execute(this::closePort);
        thread.shutdown();
    }

    /** Line settings: Megatec is 2400 8N1; DTR on and RTS off powers most interface cables. */
    public record SerialSettings(String path, int baud, boolean dtr, boolean rts) {
    }
}
