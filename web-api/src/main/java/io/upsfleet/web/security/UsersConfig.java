package io.upsfleet.web.security;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The three users, {@code upsfleet.users.<admin|operator|viewer>.name/password}. Names default to admin,
 * operator, viewer (application.properties; env {@code UPSFLEET_USERS_ADMIN_NAME} ...); passwords come from
 * {@code UPSFLEET_ADMIN_PASSWORD}, {@code UPSFLEET_OPERATOR_PASSWORD}, {@code UPSFLEET_VIEWER_PASSWORD}.
 */
@ConfigMapping(prefix = "upsfleet.users")
public interface UsersConfig {

    User admin();

    User operator();

    User viewer();

    interface User {
        String name();

        /** Unset or blank: the user is disabled. */
        Optional<String> password();
    }
}
