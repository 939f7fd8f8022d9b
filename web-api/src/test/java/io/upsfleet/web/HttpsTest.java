package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS with a certificate made by scripts/make-web-cert.sh (private CA): the chain verifies for
 * localhost, HTTPS responses carry HSTS and the dashboard session cookie is Secure; plain HTTP has neither.
 */
@QuarkusTest
@TestProfile(HttpsTest.WithCertificate.class)
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class HttpsTest {

    static final Path CERTS = Path.of("target", "test-certs");

    /** Makes the certificates with the repository's script, and gives web-api their paths as an operator would. */
    public static class WithCertificate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path script = Path.of(System.getProperty("upsfleet.repo", ".."), "scripts", "make-web-cert.sh");
                Process p = new ProcessBuilder("bash", script.toString(), CERTS.toAbsolutePath().toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("make-web-cert.sh failed: " + out);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("upsfleet.https.cert", CERTS.resolve("web-api.crt").toAbsolutePath().toString(),
                    "upsfleet.https.key", CERTS.resolve("web-api.key").toAbsolutePath().toString());
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    @TestHTTPResource("/")
    URI http;

    private static HttpClient trustingOurCa() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream ca = Files.newInputStream(CERTS.resolve("web-ca.crt"))) {
            trust.setCertificateEntry("upsfleet-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpRequest formLogin(URI base) {
        return HttpRequest.newBuilder(base.resolve("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=viewer&j_password=test-viewer-pw")).build();
    }

    @Test
    void servesHttpsWithACertificateOfOurCaAndHstsOnlyThere() throws Exception {
        assertEquals("https", https.getScheme());
        HttpResponse<String> secure = trustingOurCa().send(HttpRequest.newBuilder(https.resolve("/api/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, secure.statusCode());
        assertEquals(List.of("max-age=31536000"), secure.headers().allValues("Strict-Transport-Security"));

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("/api/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().allValues("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP");

        // a client that does not trust our private CA refuses the server
        assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(https.resolve("/api/me")).build(), HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void theSessionCookieIsSecureOverHttpsOnly() throws Exception {
        HttpResponse<Void> secure = trustingOurCa().send(formLogin(https), HttpResponse.BodyHandlers.discarding());
        String cookie = secure.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("quarkus-credential=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + secure.headers().map()));
        assertTrue(cookie.contains("; Secure") && cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);

        HttpResponse<Void> plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(formLogin(http), HttpResponse.BodyHandlers.discarding());
        String plainCookie = plain.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("quarkus-credential=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + plain.headers().map()));
        assertTrue(!plainCookie.contains("Secure"), plainCookie);

        HttpResponse<Void> logout = trustingOurCa().send(HttpRequest.newBuilder(https.resolve("/api/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertTrue(logout.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("quarkus-credential=") && c.contains("Secure")),
                logout.headers().map().toString());
    }
}
