package io.upsfleet.mqtt.security;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * How a service proves who it is to the broker and whether it trusts the broker: a username/password, TLS
 * with a PEM CA to trust (absent: the JVM's default CAs) and optionally a client certificate and key. The
 * same settings for every upsfleet service (env {@code UPSFLEET_MQTT_USERNAME}, {@code UPSFLEET_MQTT_PASSWORD},
 * {@code UPSFLEET_MQTT_TLS}, {@code UPSFLEET_MQTT_CA_FILE}, {@code UPSFLEET_MQTT_CLIENT_CERT_FILE},
 * {@code UPSFLEET_MQTT_CLIENT_KEY_FILE}). Files are read when the trust and key managers are built, so a
 * missing or unreadable file stops the service at start with the file named, instead of a retry loop.
 */
public record BusSecurity(Optional<String> username, Optional<String> password, boolean tls, Optional<Path> caFile,
                          Optional<Path> clientCertFile, Optional<Path> clientKeyFile) {

    public BusSecurity {
        username = username.filter(u -> !u.isBlank());
        password = password.filter(p -> !p.isEmpty());
        if (password.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("upsfleet.mqtt.password is set but upsfleet.mqtt.username is not");
        }
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new IllegalArgumentException("upsfleet.mqtt.client-cert-file and upsfleet.mqtt.client-key-file go together");
        }
        if (!tls && (caFile.isPresent() || clientCertFile.isPresent())) {
            throw new IllegalArgumentException("upsfleet.mqtt.ca-file / client-cert-file are set but upsfleet.mqtt.tls is false:"
                    + " set UPSFLEET_MQTT_TLS=true (and the broker's TLS port) or remove them");
        }
    }

    /** No credentials, no TLS: the anonymous plain-TCP client of the tests' broker. */
    public static BusSecurity none() {
        return new BusSecurity(Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The broker URI a Paho client uses: {@code ssl://} with TLS, else {@code tcp://}. */
    public String pahoUri(String host, int port) {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** Whom we trust: the CA file's certificates, or the JVM's default CAs when none is given. */
    public X509TrustManager trustManager() {
        try {
            if (caFile.isPresent()) {
                return PemFiles.trustManager(caFile.get());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust for the MQTT broker", e);
        }
    }

    /** Our client certificate and key, if configured. */
    public Optional<X509KeyManager> keyManager() {
        return clientCertFile.map(cert -> PemFiles.keyManager(cert, clientKeyFile.orElseThrow()));
    }

    /** TLS socket factory for Paho (TLS 1.2 or 1.3, whichever the broker offers). */
    public SSLSocketFactory socketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManager().map(k -> new KeyManager[] {k}).orElse(null), new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the MQTT broker", e);
        }
    }

    /** For logs: what is used, never the password. */
    public String describe() {
        return (username.map(u -> "user " + u).orElse("anonymous"))
                + (tls ? ", TLS trusting " + caFile.map(Path::toString).orElse("the JVM's CAs")
                + clientCertFile.map(c -> ", client certificate " + c).orElse("") : ", plain TCP");
    }

    @Override
    public String toString() {
        return "BusSecurity[" + describe() + "]";
    }
}
