package io.upsfleet.nut.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * NUT users as upsd.users has them: a password, the instant commands they may run ({@code ALL} or a list),
 * the actions they may take ({@code SET}, {@code FSD}) and an {@code upsmon} role: {@code secondary} may
 * LOGIN, {@code primary} may also PRIMARY and FSD. A user without a password does not exist (passwords come
 * from the environment: an unset one disables the user instead of opening it).
 */
public final class Users {

    /** One configured user. {@code instcmds} holds lower-case command names or "all". */
    public record User(String name, String password, Set<String> instcmds, Set<String> actions) {
    }

    /** How a user is configured; the strings as written in the configuration. */
    public record Spec(String password, List<String> instcmds, List<String> actions, String upsmon) {
    }

    private final Map<String, User> users;

    private Users(Map<String, User> users) {
        this.users = users;
    }

    /**
     * @throws IllegalArgumentException for an unknown action or upsmon role (a typo must not silently grant
     *                                  or withhold a permission)
     */
    public static Users of(Map<String, Spec> specs) {
        Map<String, User> users = new TreeMap<>();
        specs.forEach((name, spec) -> {
            if (spec.password() == null || spec.password().isEmpty()) {
                return;
            }
            Set<String> actions = new HashSet<>();
            for (String a : spec.actions() == null ? List.<String>of() : spec.actions()) {
                String action = a.trim().toUpperCase(Locale.ROOT);
                if (!action.equals("SET") && !action.equals("FSD")) {
                    throw new IllegalArgumentException("user " + name + ": unknown action '" + a + "' (SET or FSD)");
                }
                actions.add(action);
            }
            if (spec.upsmon() != null) {
                switch (spec.upsmon().trim().toLowerCase(Locale.ROOT)) {
                    case "primary", "master" -> actions.addAll(Set.of("LOGIN", "PRIMARY", "FSD"));
                    case "secondary", "slave" -> actions.add("LOGIN");
                    default -> throw new IllegalArgumentException("user " + name + ": upsmon must be primary or secondary, not '"
                            + spec.upsmon() + "'");
                }
            }
            Set<String> instcmds = new HashSet<>();
            for (String c : spec.instcmds() == null ? List.<String>of() : spec.instcmds()) {
                instcmds.add(c.trim().toLowerCase(Locale.ROOT));
            }
            users.put(name, new User(name, spec.password(), Set.copyOf(instcmds), Set.copyOf(actions)));
        });
        return new Users(Map.copyOf(users));
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    public List<String> names() {
        return new ArrayList<>(new TreeMap<>(users).keySet());
    }

    /** The user if {@code name} exists and {@code password} is its password (compared in constant time). */
    public User authenticate(String name, String password) {
        User user = name == null ? null : users.get(name);
        if (user == null || password == null) {
            return null;
        }
        boolean same = MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return same ? user : null;
    }

    public static boolean mayDo(User user, String action) {
        return user != null && user.actions().contains(action);
    }

    public static boolean mayRun(User user, String instcmd) {
        return user != null && (user.instcmds().contains("all") || user.instcmds().contains(instcmd.toLowerCase(Locale.ROOT)));
    }
}
