package io.upsfleet.nut.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare NUT connection for protocol-level checks: one line out, the reply lines back. */
public final class RawNut implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    public RawNut(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code line} and returns the one-line reply. */
    public String ask(String line) {
        send(line + "\n");
        return readLine();
    }

    /** Sends a LIST request and returns every line up to END LIST (or the ERR line). */
    public List<String> list(String line) {
        send(line + "\n");
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = readLine();
            lines.add(l);
        } while (l != null && !l.startsWith("END LIST") && !l.startsWith("ERR"));
        return lines;
    }

    public void send(String raw) {
        send(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public void send(byte[] raw) {
        try {
            out.write(raw);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next reply line; null when the server closed the connection. */
    public String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }
}
