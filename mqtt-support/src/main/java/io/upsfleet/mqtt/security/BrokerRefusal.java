package io.upsfleet.mqtt.security;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * Why a broker would not have us, in words an operator can act on: credentials refused, client not
 * authorised, broker certificate not trusted or not for this host name, TLS handshake refused. A refusal
 * does not heal by retrying, so services report it on readiness instead of looking healthy while they retry.
 * A broker that is simply down or unreachable is not a refusal.
 */
public enum BrokerRefusal {
    BAD_CREDENTIALS("the broker refused the username or password (CONNACK 4): check UPSFLEET_MQTT_USERNAME / UPSFLEET_MQTT_PASSWORD"),
    NOT_AUTHORISED("the broker refused this client as not authorised (CONNACK 5): wrong or missing username/password"
            + " (UPSFLEET_MQTT_USERNAME / UPSFLEET_MQTT_PASSWORD), or this user may not connect"),
    UNTRUSTED_CERTIFICATE("the broker's TLS certificate is not trusted: it is not signed by the CA in UPSFLEET_MQTT_CA_FILE"
            + " (or by the JVM's CAs when none is set)"),
    WRONG_HOST_NAME("the broker's TLS certificate does not name the host connected to (UPSFLEET_MQTT_HOST): re-issue it"
            + " with that name, or connect by a name it has"),
    TLS_HANDSHAKE("the TLS handshake with the broker failed: is UPSFLEET_MQTT_PORT its TLS port, and does the broker want a"
            + " client certificate (UPSFLEET_MQTT_CLIENT_CERT_FILE / _KEY_FILE)?");

    private final String explanation;

    BrokerRefusal(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    /** The refusal a CONNACK return code of MQTT 3.1.1 means (4, 5), if it is one. */
    public static Optional<BrokerRefusal> ofConnackCode(int code) {
        return switch (code) {
            case 4 -> Optional.of(BAD_CREDENTIALS);
            case 5 -> Optional.of(NOT_AUTHORISED);
            default -> Optional.empty();
        };
    }

    /** The TLS refusal somewhere in {@code failure}'s cause chain, if there is one. */
    public static Optional<BrokerRefusal> ofTlsFailure(Throwable failure) {
        boolean handshake = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathValidatorException || t instanceof CertPathBuilderException) {
                return Optional.of(UNTRUSTED_CERTIFICATE);
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof CertificateException) {
                if (message.contains("No subject alternative") || message.contains("No name matching")) {
                    return Optional.of(WRONG_HOST_NAME);
                }
                if (message.contains("PKIX") || message.contains("path")) {
                    return Optional.of(UNTRUSTED_CERTIFICATE);
                }
            }
            if (t instanceof SSLHandshakeException || t instanceof SSLException) {
                handshake = true;
                if (message.contains("PKIX path")) {
                    return Optional.of(UNTRUSTED_CERTIFICATE);
                }
            }
        }
        return handshake ? Optional.of(TLS_HANDSHAKE) : Optional.empty();
    }

    /** The innermost message of a failure, for the details after the explanation. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
