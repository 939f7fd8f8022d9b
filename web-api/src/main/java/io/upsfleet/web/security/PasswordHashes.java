package io.upsfleet.web.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * bcrypt hashes of the users' passwords (cost 10: ~50-100 ms per check, on a worker thread), plus a cache
 * of checks that succeeded, because HTTP Basic clients send the password with every request. The cache
 * holds a SHA-256 of the password per user name together with the stored hash it matched, so a password
 * reset (new hash) makes the next request pay a full bcrypt check again; it never holds a password.
 */
public final class PasswordHashes {

    static final int COST = 10;
    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    /** Compared against for unknown or disabled users, so timing does not tell which names exist. */
    static final String DECOY = BcryptUtil.bcryptHash("decoy-" + System.nanoTime(), COST);

    private record Verified(String hash, byte[] digest) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    /** A full bcrypt check (slow on purpose: never on the event loop). */
    public static boolean matches(char[] password, String hash) {
        try {
            Password raw = ModularCrypt.decode(hash);
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            return factory.verify(factory.translate(raw), password);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not a bcrypt hash: nothing matches it
        }
    }

    /** Whether this exact password was already verified against this exact stored hash (fast path). */
    public boolean verifiedBefore(String user, String hash, char[] password) {
        Verified v = verified.get(user);
        return v != null && v.hash().equals(hash) && MessageDigest.isEqual(v.digest(), digest(user, password));
    }

    public void remember(String user, String hash, char[] password) {
        verified.put(user, new Verified(hash, digest(user, password)));
    }

    private static byte[] digest(String user, char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
