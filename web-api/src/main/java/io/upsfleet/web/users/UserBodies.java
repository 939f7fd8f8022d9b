package io.upsfleet.web.users;

import java.util.List;

/** Request bodies of the admin API (read strictly: an unknown field is a 400). */
public final class UserBodies {

    private UserBodies() {
    }

    public record NewUser(String name, String password, String role, List<String> sites) {
    }

    public record NewPassword(String password) {
    }

    public record NewRole(String role) {
    }

    public record NewSites(List<String> sites) {
    }
}
