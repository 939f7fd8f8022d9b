package io.upsfleet.web.security;

import java.util.List;
import java.util.Set;

/**
 * The three roles. Roles nest: an operator is also a viewer, an admin is also an operator, so each
 * endpoint names only the least role it needs, and a user holds one role (stored as its name) and every
 * role below it.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    /** From least to most privileged. */
    public static final List<String> LEVELS = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    public static boolean isRole(String role) {
        return role != null && LEVELS.contains(role);
    }

    /** The roles a user of {@code role} holds: that one and every one below it. */
    public static Set<String> held(String role) {
        int level = LEVELS.indexOf(role);
        if (level < 0) {
            throw new IllegalArgumentException("unknown role '" + role + "'");
        }
        return Set.copyOf(LEVELS.subList(0, level + 1));
    }
}
