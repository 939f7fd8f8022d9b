package io.upsfleet.mqtt.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings' checks, the PEM loading of what scripts/make-certs.sh writes, and the refusal causes. */
class BusSecurityTest {

    private static BusSecurity of(String user, String password, boolean tls, Path ca, Path cert, Path key) {
        return new BusSecurity(Optional.ofNullable(user), Optional.ofNullable(password), tls, Optional.ofNullable(ca),
                Optional.ofNullable(cert), Optional.ofNullable(key));
    }

    @Test
    void inconsistentSettingsStopTheServiceNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(null, "pw", false, null, null, null))
                .getMessage().contains("upsfleet.mqtt.username"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("u", "pw", false, Path.of("ca.crt"), null, null))
                .getMessage().contains("upsfleet.mqtt.tls"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("u", "pw", true, null, Path.of("c.crt"), null))
                .getMessage().contains("client-key-file"));
    }

    @Test
    void theUriAndTheDescriptionFollowTheSettingsButNeverShowThePassword() {
        BusSecurity tls = of("gateway", "s3cret", true, Path.of("/etc/ca.crt"), null, null);
        assertEquals("ssl://mosquitto:8883", tls.pahoUri("mosquitto", 8883));
        assertEquals("tcp://127.0.0.1:1883", BusSecurity.none().pahoUri("127.0.0.1", 1883));
        assertTrue(tls.describe().contains("user gateway") && tls.describe().contains("/etc/ca.crt"), tls.describe());
        assertTrue(!tls.describe().contains("s3cret") && !tls.toString().contains("s3cret"));
        assertEquals("anonymous, plain TCP", BusSecurity.none().describe());
    }

    @Test
    void readsTheCaAndAClientCertificateMadeByTheRepositoryScript(@TempDir Path dir) throws Exception {
        Path script = Path.of(System.getProperty("upsfleet.repo", "..")).resolve("scripts/make-certs.sh").toAbsolutePath();
        for (String[] args : new String[][] {{script.toString(), dir.toString()}, {script.toString(), "client", "gateway", dir.toString()}}) {
            String[] command = new String[args.length + 1];
            command[0] = "bash";
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
        }
        BusSecurity tls = of("gateway", "pw", true, dir.resolve("ca.crt"), dir.resolve("gateway.crt"), dir.resolve("gateway.key"));
        assertEquals(1, tls.trustManager().getAcceptedIssuers().length);
        assertTrue(tls.keyManager().orElseThrow().getCertificateChain("client")[0].getSubjectX500Principal().getName().contains("gateway"));
        tls.socketFactory(); // builds
    }

    @Test
    void aMissingOrWrongFileIsNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.crt");
        assertTrue(assertThrows(IllegalStateException.class, () -> of("u", "p", true, missing, null, null).trustManager())
                .getMessage().contains(missing.toString()));
        Path rsa1 = dir.resolve("old.key");
        Files.writeString(rsa1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Path cert = dir.resolve("c.crt");
        Files.writeString(cert, "not a certificate");
        assertTrue(assertThrows(IllegalStateException.class, () -> PemFiles.keyManager(cert, rsa1)).getMessage().contains(cert.toString()));
    }

    @Test
    void refusalsAreTheCausesAnOperatorCanActOn() {
        assertEquals(Optional.of(BrokerRefusal.BAD_CREDENTIALS), BrokerRefusal.ofConnackCode(4));
        assertEquals(Optional.of(BrokerRefusal.NOT_AUTHORISED), BrokerRefusal.ofConnackCode(5));
        assertEquals(Optional.empty(), BrokerRefusal.ofConnackCode(3)); // server unavailable: not a refusal
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertPathValidatorException("no trust anchor"));
        assertEquals(Optional.of(BrokerRefusal.UNTRUSTED_CERTIFICATE), BrokerRefusal.ofTlsFailure(new RuntimeException(untrusted)));
        SSLHandshakeException name = new SSLHandshakeException("No subject alternative DNS name matching mqtt found.");
        name.initCause(new CertificateException("No subject alternative DNS name matching mqtt found."));
        assertEquals(Optional.of(BrokerRefusal.WRONG_HOST_NAME), BrokerRefusal.ofTlsFailure(name));
        assertEquals(Optional.of(BrokerRefusal.TLS_HANDSHAKE), BrokerRefusal.ofTlsFailure(new SSLHandshakeException("Received fatal alert")));
        assertEquals(Optional.empty(), BrokerRefusal.ofTlsFailure(new java.net.ConnectException("Connection refused")));
        assertTrue(BrokerRefusal.rootMessage(new RuntimeException(untrusted)).contains("no trust anchor"));
    }
}
