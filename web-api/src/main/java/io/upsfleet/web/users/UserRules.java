package io.upsfleet.web.users;

import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.Roles;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What a user name, password, role and site list set through the admin API must look like (400 otherwise). */
public final class UserRules {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;
    static final int MAX_SITES = 100;

    private UserRules() {
    }

    public static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badParameter("name", "name must be 1..64 letters, digits or . _ @ -, starting with a letter or digit");
        }
        return name;
    }

    public static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ProblemException.badParameter("password", "password must be " + MIN_PASSWORD + ".." + MAX_PASSWORD + " characters");
        }
        if (password.isBlank()) {
            throw ProblemException.badParameter("password", "password must not be blank");
        }
        return password;
    }

    public static String role(String role) {
        if (!Roles.isRole(role)) {
            throw ProblemException.badParameter("role", "role must be one of " + Roles.LEVELS + " (roles nest: admin > operator > viewer)");
        }
        return role;
    }

    /** Null = every site; duplicates are dropped. */
    public static Set<String> sites(List<String> sites) {
        if (sites == null) {
            return Set.of();
        }
        if (sites.size() > MAX_SITES) {
            throw ProblemException.badParameter("sites", "at most " + MAX_SITES + " sites");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String site : sites) {
            if (site == null || site.isBlank() || site.length() > 200) {
                throw ProblemException.badParameter("sites", "each site must be 1..200 characters");
            }
            out.add(site);
        }
        return out;
    }
}
