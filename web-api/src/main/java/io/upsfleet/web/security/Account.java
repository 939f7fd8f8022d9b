package io.upsfleet.web.security;

import io.upsfleet.web.users.WebUser;

import java.util.Set;

/** What authentication needs of a user, read once from {@code web_user} (immutable, no session attached). */
public record Account(String name, String passwordHash, String role, Set<String> sites, boolean enabled) {

    public static Account of(WebUser u) {
        return new Account(u.name, u.passwordHash, u.role, Set.of(u.sites == null ? new String[0] : u.sites), u.enabled);
    }
}
