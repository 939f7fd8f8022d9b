package io.upsfleet.web.users;

import io.upsfleet.web.security.Roles;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A user as admins see it (never the hash). {@code sites} empty = every site; {@code roles} = held roles. */
public record UserView(String name, String role, Set<String> roles, List<String> sites, boolean enabled,
                       Instant createdAt, String createdBy, Instant updatedAt) {

    static UserView of(WebUser u) {
        return new UserView(u.name, u.role, Roles.held(u.role), Arrays.stream(u.sites).sorted().toList(), u.enabled,
                u.createdAt, u.createdBy, u.updatedAt);
    }
}
