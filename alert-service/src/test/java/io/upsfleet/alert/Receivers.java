package io.upsfleet.alert;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loopback receivers for the channels: a real SMTP server (GreenMail) and one HTTP server taking the
 * webhook ({@code /webhook}) and PagerDuty-style ({@code /pager}) posts. Nothing leaves the machine.
 */
public class Receivers implements QuarkusTestResourceLifecycleManager {

    public record Post(String path, String body) {
    }

    public record Mail(String subject, List<String> to) {
    }

    private static int smtpPort;
    private static volatile GreenMail greenMail;
    private static HttpServer http;
    public static final List<Post> POSTS = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        smtpPort = freePort();
        startSmtp();
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                POSTS.add(new Post(exchange.getRequestURI().getPath(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        // A shared-subscription group of this JVM's own: a concurrent run of these tests elsewhere on the same
        // broker must not take our alarms (and we not theirs).
        String group = "alert-test-" + Long.toString(System.nanoTime() & 0xffffffffL, 36);
        return Map.of("upsfleet.alert.group", group,
                "upsfleet.smtp.host", "127.0.0.1",
                "upsfleet.smtp.port", String.valueOf(smtpPort),
                "upsfleet.alert.webhook.url", base + "/webhook",
                "upsfleet.alert.pager.url", base + "/pager");
    }

    @Override
    public void stop() {
        stopSmtp();
        if (http != null) {
            http.stop(0);
        }
    }

    /** The loopback SMTP port the service sends to (the benchmark's anchor sends there directly). */
    public static int smtpPort() {
        return smtpPort;
    }

    public static synchronized void startSmtp() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    /** An SMTP outage: connections are refused until {@link #startSmtp()} (mails received so far are gone). */
    public static synchronized void stopSmtp() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Mails whose subject mentions {@code text}. */
    public static List<Mail> mailsAbout(String text) {
        GreenMail gm = greenMail;
        if (gm == null) {
            return List.of();
        }
        return Arrays.stream(gm.getReceivedMessages()).map(Receivers::mail).filter(m -> m.subject().contains(text)).toList();
    }

    /** Blocks until at least {@code count} mails are in (or the timeout); cheap, unlike polling. */
    public static boolean awaitMails(int count, long timeoutMs) {
        GreenMail gm = greenMail;
        return gm != null && gm.waitForIncomingEmail(timeoutMs, count);
    }

    /** Subjects of the mails received after the first {@code from} (for the benchmark's cheap polling). */
    public static List<String> subjectsFrom(int from) {
        GreenMail gm = greenMail;
        if (gm == null) {
            return List.of();
        }
        MimeMessage[] all = gm.getReceivedMessages();
        List<String> out = new java.util.ArrayList<>();
        for (int i = from; i < all.length; i++) {
            out.add(mail(all[i]).subject());
        }
        return out;
    }

    public static List<Post> postsAbout(String path, String text) {
        return POSTS.stream().filter(p -> p.path().equals(path) && p.body().contains(text)).toList();
    }

    private static Mail mail(MimeMessage m) {
        try {
            Address[] to = m.getAllRecipients();
            return new Mail(m.getSubject(), to == null ? List.of() : Arrays.stream(to).map(Address::toString).toList());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
