package io.upsfleet.web.security;

/**
 * The three roles. Roles nest: an operator is also a viewer, an admin is also an operator, so each
 * endpoint names only the least role it needs.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
