package io.upsfleet.web.users;

import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.UsersConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is created when web-api starts on an empty {@code web_user} table: the configured admin, operator
 * and viewer whose passwords are set (UPSFLEET_ADMIN_PASSWORD, UPSFLEET_OPERATOR_PASSWORD,
 * UPSFLEET_VIEWER_PASSWORD). Once any user exists, these settings are not used any more: users are
 * managed through the admin API and dashboard.
 */
public final class FirstUsers {

    public static final String NO_USER = "web-api has no user: the users table is empty and none of"
            + " UPSFLEET_ADMIN_PASSWORD, UPSFLEET_OPERATOR_PASSWORD, UPSFLEET_VIEWER_PASSWORD is set"
            + " (set at least UPSFLEET_ADMIN_PASSWORD for the first start)";

    public record Seed(String name, String password, String role) {
    }

    private FirstUsers() {
    }

    /** The users to create on an empty table, most privileged first; empty when no password is set. */
    public static List<Seed> of(UsersConfig config) {
        List<Seed> seeds = new ArrayList<>();
        add(seeds, config.admin(), Roles.ADMIN);
        add(seeds, config.operator(), Roles.OPERATOR);
        add(seeds, config.viewer(), Roles.VIEWER);
        return seeds;
    }

    private static void add(List<Seed> seeds, UsersConfig.User user, String role) {
        user.password().filter(p -> !p.isBlank()).ifPresent(p -> seeds.add(new Seed(user.name(), p, role)));
    }
}
