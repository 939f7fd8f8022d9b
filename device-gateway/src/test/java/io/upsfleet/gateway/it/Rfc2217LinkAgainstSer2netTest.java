package io.upsfleet.gateway.it;

import io.upsfleet.gateway.link.LinkException;
import io.upsfleet.gateway.link.SessionProtocol;
import io.upsfleet.gateway.link.TcpLink;
import io.upsfleet.gateway.link.rfc2217.Rfc2217Protocol;
import io.upsfleet.simulator.MegatecSimulator;
import io.upsfleet.simulator.PtyBridge;
import io.upsfleet.simulator.SimulatedUps;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's links against Debian's real ser2net (4.x) in front of ptys: RFC 2217 mode in front of a
 * simulated unit and in front of an echo (every byte value, IAC included, must come back as sent), raw TCP
 * mode, a Telnet port without RFC 2217, and a plain raw TCP server that does not speak Telnet at all.
 */
class Rfc2217LinkAgainstSer2netTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static Vertx vertx;
    private static NetClient client;
    private static MegatecSimulator simulator;
    private static PtyBridge ptys;
    private static Process echo;
    private static Ser2net ser2net;
    private static int rfcUnitPort;
    private static int rawUnitPort;
    private static int rfcEchoPort;
    private static int telnetOnlyPort;
    private static int plainTcpPort;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(3000));
        simulator = new MegatecSimulator(vertx, "127.0.0.1");
        ptys = new PtyBridge();
        Path dir = Files.createTempDirectory("upsfleet-rfc2217");
        int unitA = simulator.add(new SimulatedUps("rfc-a"), 0);
        int unitB = simulator.add(new SimulatedUps("rfc-b"), 0);
        int unitC = simulator.add(new SimulatedUps("rfc-c"), 0);
        plainTcpPort = simulator.add(new SimulatedUps("plain"), 0);
        Path ptyA = ptys.open(dir.resolve("a"), "127.0.0.1", unitA);
        Path ptyB = ptys.open(dir.resolve("b"), "127.0.0.1", unitB);
        Path ptyC = ptys.open(dir.resolve("c"), "127.0.0.1", unitC);
        Path echoPty = dir.resolve("echo");
        echo = new ProcessBuilder("socat", "pty,link=" + echoPty + ",raw,echo=0", "SYSTEM:cat")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 200 && !Files.exists(echoPty); i++) {
            Thread.sleep(20);
        }
        ser2net = new Ser2net();
        rfcUnitPort = ser2net.serve(ptyA, Ser2net.Mode.RFC2217);
        rawUnitPort = ser2net.serve(ptyB, Ser2net.Mode.RAW);
        telnetOnlyPort = ser2net.serve(ptyC, Ser2net.Mode.TELNET);
        rfcEchoPort = ser2net.serve(echoPty, Ser2net.Mode.RFC2217);
        ser2net.start();
    }

    @AfterAll
    static void stop() {
        if (ser2net != null) {
            ser2net.close();
        }
        if (echo != null) {
            echo.destroy();
        }
        if (ptys != null) {
            ptys.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static final class OnContext {
        final Context context = vertx.getOrCreateContext();

        <T> T await(Supplier<Future<T>> work) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            context.runOnContext(v -> work.get().onComplete(ar -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            }));
            return result.get(20, TimeUnit.SECONDS);
        }
    }

    private static TcpLink rfc2217(OnContext on, int port, int baud) {
        String where = "rfc2217://127.0.0.1:" + port;
        return new TcpLink(on.context, client, "127.0.0.1", port,
                new Rfc2217Protocol(vertx, where, baud, true, false, Rfc2217Protocol.negotiationTimeout(TIMEOUT)));
    }

    @Test
    void aUnitBehindSer2netInRfc2217ModeAnswersQ1AndIdentity() throws Exception {
        OnContext on = new OnContext();
        TcpLink link = rfc2217(on, rfcUnitPort, 2400);
        try {
            String q1 = on.await(() -> link.request("Q1", TIMEOUT));
            assertTrue(q1 != null && q1.matches("\\(\\d{3}\\.\\d .*[01]{8}"), "Q1 reply: " + q1);
            String info = on.await(() -> link.request("I", TIMEOUT));
            assertTrue(info != null && info.startsWith("#UPSFLEET-SIM"), "I reply: " + info);
            assertEquals("rfc2217://127.0.0.1:" + rfcUnitPort, link.describe());
        } finally {
            on.context.runOnContext(v -> link.close());
        }
    }

    @Test
    void everyByteValueIncludingIacCrossesSer2netBothWaysUnchanged() throws Exception {
        OnContext on = new OnContext();
        TcpLink link = rfc2217(on, rfcEchoPort, 9600);
        try {
            // all byte values but CR (the line end); IAC (255) twice in a row and at the end
            StringBuilder sent = new StringBuilder();
            for (int b = 0; b < 256; b++) {
                if (b != '\r') {
                    sent.append((char) b);
                }
            }
            sent.append("\u00ff\u00ffQ1\u00ff");
            String request = sent.toString();
            String reply = on.await(() -> link.request(request, TIMEOUT));
            assertEquals(request, reply, "the echo came back as it went out");
        } finally {
            on.context.runOnContext(v -> link.close());
        }
    }

    @Test
    void aUnitBehindSer2netInRawModeAnswersOnAPlainTcpLink() throws Exception {
        OnContext on = new OnContext();
        TcpLink link = new TcpLink(on.context, client, "127.0.0.1", rawUnitPort, SessionProtocol.RAW);
        try {
            String q1 = on.await(() -> link.request("Q1", TIMEOUT));
            assertTrue(q1 != null && q1.startsWith("("), "Q1 reply: " + q1);
        } finally {
            on.context.runOnContext(v -> link.close());
        }
    }

    @Test
    void aPlainRawTcpServerFailsTheConnectClearly() throws Exception {
        OnContext on = new OnContext();
        TcpLink link = rfc2217(on, plainTcpPort, 2400);
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> on.await(() -> link.request("Q1", TIMEOUT)));
            LinkException error = assertInstanceOf(LinkException.class, e.getCause());
            assertEquals(LinkException.Kind.CONNECT, error.kind(), "a misconfigured far end is a failed connect: backed off");
            assertTrue(error.getMessage().contains("does not speak Telnet/RFC 2217")
                    && error.getMessage().contains("use tcp://127.0.0.1:" + plainTcpPort), error.getMessage());
        } finally {
            on.context.runOnContext(v -> link.close());
        }
    }

    @Test
    void aTelnetPortWithoutRfc2217FailsTheConnectClearly() throws Exception {
        OnContext on = new OnContext();
        TcpLink link = rfc2217(on, telnetOnlyPort, 2400);
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> on.await(() -> link.request("Q1", TIMEOUT)));
            LinkException error = assertInstanceOf(LinkException.class, e.getCause());
            assertEquals(LinkException.Kind.CONNECT, error.kind());
            assertTrue(error.getMessage().contains("COM-PORT-OPTION"), error.getMessage());
        } finally {
            on.context.runOnContext(v -> link.close());
        }
    }
}
