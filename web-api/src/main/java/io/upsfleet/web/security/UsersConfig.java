package io.upsfleet.web.security;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The users created on the first start (empty {@code web_user} table),
 * {@code upsfleet.users.<admin|operator|viewer>.name/password}. Names default to admin, operator, viewer
 * (application.properties; env {@code UPSFLEET_USERS_ADMIN_NAME} ...); passwords come from
 * {@code UPSFLEET_ADMIN_PASSWORD}, {@code UPSFLEET_OPERATOR_PASSWORD}, {@code UPSFLEET_VIEWER_PASSWORD}.
 * Afterwards users are managed in the database and these settings are not read again.
 */
@ConfigMapping(prefix = "upsfleet.users")
public interface UsersConfig {

    User admin();

    User operator();

    User viewer();

    interface User {
        String name();

        /** Unset or blank: this user is not created. */
        Optional<String> password();
    }
}
