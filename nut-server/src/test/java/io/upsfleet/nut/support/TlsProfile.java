package io.upsfleet.nut.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * nut-server with STARTTLS required, on a self-signed certificate made for this run with openssl (no key is
 * kept in the repository).
 */
public class TlsProfile implements QuarkusTestProfile {

    private static Path dir;

    @Override
    public Map<String, String> getConfigOverrides() {
        Path d = certificate();
        return Map.of("upsfleet.nut.tls.certificate", d.resolve("cert.pem").toString(),
                "upsfleet.nut.tls.key", d.resolve("key.pem").toString(),
                "upsfleet.nut.require-tls", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(NutPortResource.class));
    }

    public static synchronized Path certificate() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("nut-tls");
                Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("openssl could not make a test certificate: " + Files.readString(dir.resolve("openssl.log")));
                }
            } catch (IOException e) {
                throw new IllegalStateException("openssl is needed for the TLS test (Debian: apt-get install openssl)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return dir;
    }
}
