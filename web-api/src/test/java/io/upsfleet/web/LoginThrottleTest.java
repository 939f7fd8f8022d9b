package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed logins are throttled per user name and per address (5 per user, 20 per address, in a window of
 * PT20S in %test): the next attempt is refused with 429 + Retry-After even with the right password, until
 * the window ends. Each test talks from an address of its own (127.x.y.z, all loopback on Linux), so its
 * failures do not throttle the other tests' 127.0.0.1, and theirs do not count here.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class LoginThrottleTest {

    static final String PW = "a-long-password-1";

    @Inject
    Seed seed;

    @TestHTTPResource("/")
    URI base;

    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private static String anAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(2, 255);
    }

    /** One HTTP/1.1 request from the given local address (java.net.http cannot choose it). */
    private Answer send(String from, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            String head = end < 0 ? all : all.substring(0, end);
            return new Answer(Integer.parseInt(head.split(" ")[1]), head, end < 0 ? "" : all.substring(end + 4));
        }
    }

    private Answer basic(String from, String user, String password) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(from, "GET /api/ups HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    }

    private Answer form(String from, String user, String password) throws IOException {
        String body = "j_username=" + user + "&j_password=" + password;
        return send(from, "POST /j_security_check HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static void addUser(String name) {
        given().auth().preemptive().basic("admin", "test-admin-pw").contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", PW, "role", "viewer")).post("/api/admin/users").then().statusCode(201);
    }

    @Test
    void theSixthLoginOfAUserIsRefusedEvenWithTheRightPasswordUntilTheWindowEnds() throws Exception {
        String from = anAddress();
        String name = Seed.uniqueId("tina");
        addUser(name);
        assertEquals(200, basic(from, name, PW).status());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, basic(from, name, "wrong-" + i).status());
        }
        Answer refused = basic(from, name, PW);
        assertEquals(429, refused.status(), refused.head());
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.head());
        assertTrue(refused.body().contains("too-many-failed-logins") && refused.body().contains("even with the right password"),
                refused.body());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        // from another address too: it is the user who is throttled
        assertEquals(429, basic(anAddress(), name, PW).status());
        // the dashboard's form is refused the same way, with a page to read
        Answer page = form(from, name, PW);
        assertEquals(429, page.status(), page.head());
        assertTrue(page.header("Retry-After") != null && page.body().contains("Too many failed logins"), page.body());
        // other users from the same address are not affected (5 failures are far from its limit of 20)
        assertEquals(200, basic(from, "viewer", "test-viewer-pw").status());

        Thread.sleep(retryAfter * 1000 + 500);
        assertEquals(200, basic(from, name, PW).status());
        assertEquals(5, seed.count("SELECT count(*) FROM web_audit WHERE actor = ? AND action = 'LOGIN_FAILED'", name));
        assertTrue(seed.count("SELECT count(*) FROM web_audit WHERE actor = ? AND action = 'LOGIN_THROTTLED' AND address = ?",
                name, from) >= 2);
    }

    @Test
    void anAddressWithTwentyFailuresIsRefusedForEveryUserUntilTheWindowEnds() throws Exception {
        String from = anAddress();
        for (int i = 0; i < 20; i++) {
            assertEquals(401, basic(from, Seed.uniqueId("nobody"), "guess-" + i).status());
        }
        Answer refused = basic(from, "viewer", "test-viewer-pw");
        assertEquals(429, refused.status(), refused.head());
        // the same user from another address gets in
        assertEquals(200, basic(anAddress(), "viewer", "test-viewer-pw").status());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        Thread.sleep(retryAfter * 1000 + 500);
        assertEquals(200, basic(from, "viewer", "test-viewer-pw").status());
    }
}
