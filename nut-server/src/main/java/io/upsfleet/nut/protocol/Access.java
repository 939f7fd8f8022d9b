package io.upsfleet.nut.protocol;

import java.util.function.Predicate;

/**
 * Who may do what on a connection. Reads (GET, LIST) are open to the configured networks only; elsewhere they
 * need USERNAME and PASSWORD of any user. Control needs a user with the permission. Wrong credentials answer
 * ACCESS-DENIED like upsd; unlike upsd, a connection that fails {@code maxAuthFailures} times is closed, so a
 * password cannot be guessed at line speed on one connection.
 */
public final class Access {

    private final Users users;
    private final Predicate<String> anonymousReadNetworks;
    private final boolean requireTls;
    private final int maxAuthFailures;

    public Access(Users users, Predicate<String> anonymousReadNetworks, boolean requireTls, int maxAuthFailures) {
        this.users = users;
        this.anonymousReadNetworks = anonymousReadNetworks;
        this.requireTls = requireTls;
        this.maxAuthFailures = maxAuthFailures;
    }

    public Users users() {
        return users;
    }

    /** Whether a client at {@code address} may read without logging in. */
    public boolean anonymousRead(String address) {
        return anonymousReadNetworks.test(address);
    }

    /** USERNAME and PASSWORD are refused before STARTTLS when TLS is required. */
    boolean credentialsRefused(Session s) {
        return requireTls && !s.tls();
    }

    /** upsd's FLAG_USER check: the error code when USERNAME or PASSWORD was not sent, else null. */
    static String missing(Session s) {
        if (s.username() == null) {
            return "USERNAME-REQUIRED";
        }
        return s.password() == null ? "PASSWORD-REQUIRED" : null;
    }

    /** The session's user if its credentials are right, else null. */
    Users.User user(Session s) {
        return users.authenticate(s.username(), s.password());
    }

    /** ACCESS-DENIED; wrong credentials count, and the last allowed failure also closes the connection. */
    Reply denied(Session s) {
        if (user(s) == null && s.authFailed() >= maxAuthFailures) {
            return new Reply("ERR ACCESS-DENIED\n", Reply.After.CLOSE);
        }
        return Reply.err("ACCESS-DENIED");
    }

    /** Null when the session may read, else the refusal (USERNAME-REQUIRED, PASSWORD-REQUIRED, ACCESS-DENIED). */
    Reply readRefusal(Session s) {
        if (s.anonymousReadAllowed()) {
            return null;
        }
        String missing = missing(s);
        if (missing != null) {
            return Reply.err(missing);
        }
        return user(s) == null ? denied(s) : null;
    }
}
