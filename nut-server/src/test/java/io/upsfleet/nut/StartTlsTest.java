package io.upsfleet.nut;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.upsfleet.nut.support.Bus;
import io.upsfleet.nut.support.Feeder;
import io.upsfleet.nut.support.NutTools;
import io.upsfleet.nut.support.RawNut;
import io.upsfleet.nut.support.TlsProfile;
import io.upsfleet.testsupport.Upsmon;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With require-tls, credentials are refused in clear text; after STARTTLS (TLS 1.2 or 1.3, the configured
 * certificate) they are accepted, and Debian's upsc and upsmon, which start TLS by themselves, work as before.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class StartTlsTest {

    @ConfigProperty(name = "upsfleet.nut.port")
    int port;

    @Test
    void credentialsAreRefusedBeforeStartTlsAndAcceptedAfterIt() throws Exception {
        String ups = Bus.unit("nut-tls");
        try (Bus bus = new Bus(); Feeder feeder = new Feeder(bus, ups, "00001000"); RawNut nut = new RawNut(port)) {
            bus.online(ups, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> nut.ask("GET VAR " + ups + " ups.status").endsWith("\"OL\""));
            assertEquals("ERR ACCESS-DENIED", nut.ask("USERNAME admin"), "no credentials in clear text");
            assertEquals("ERR ACCESS-DENIED", nut.ask("PASSWORD test-admin-pw"));
            assertEquals("ERR USERNAME-REQUIRED", nut.ask("INSTCMD " + ups + " beeper.toggle"));
            assertEquals("OK STARTTLS", nut.ask("STARTTLS"));

            SSLSocket tls = (SSLSocket) trusting().getSocketFactory().createSocket(nut.socket(), "127.0.0.1", port, false);
            tls.setUseClientMode(true);
            tls.startHandshake();
            assertTrue(List.of("TLSv1.2", "TLSv1.3").contains(tls.getSession().getProtocol()), tls.getSession().getProtocol());
            OutputStream out = tls.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            out.write(("USERNAME monitor\nPASSWORD test-monitor-pw\nLOGIN " + ups + "\nGET NUMLOGINS " + ups + "\nSTARTTLS\nLOGOUT\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("OK", in.readLine());
            assertEquals("OK", in.readLine());
            assertEquals("OK", in.readLine());
            assertEquals("NUMLOGINS " + ups + " 1", in.readLine());
            assertEquals("ERR ALREADY-SSL-MODE", in.readLine());
            assertEquals("OK Goodbye", in.readLine());
        }
    }

    @Test
    void upscAndUpsmonStartTlsThemselves() {
        String ups = Bus.unit("nut-tls2");
        try (Bus bus = new Bus(); Feeder feeder = new Feeder(bus, ups, "00001000"); RawNut nut = new RawNut(port)) {
            bus.online(ups, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> nut.ask("GET VAR " + ups + " ups.status").endsWith("\"OL\""));
            NutTools.Run upsc = NutTools.upsc(ups + "@127.0.0.1:" + port, "ups.status");
            assertEquals("OL\n", upsc.out(), upsc.all());
            try (Upsmon upsmon = Upsmon.secondary(ups, port, "monitor", "test-monitor-pw")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> nut.ask("GET NUMLOGINS " + ups).equals("NUMLOGINS " + ups + " 1"));
                assertTrue(upsmon.log().contains("SSL"), upsmon.log());
            }
        }
    }

    /** A client that trusts exactly the test certificate. */
    private static SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream cert = Files.newInputStream(TlsProfile.certificate().resolve("cert.pem"))) {
            trust.setCertificateEntry("nut", CertificateFactory.getInstance("X.509").generateCertificate(cert));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
