package io.upsfleet.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.upsfleet.web.security.ConfiguredUsers;
import io.upsfleet.web.security.UsersConfig;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain unit test of the production user rules: what happens when passwords are not configured. */
class ConfiguredUsersTest {

    @Test
    void refusesToStartWithoutAnyPassword() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ConfiguredUsers(users(Optional.empty(), Optional.of(" "), Optional.empty())));
        assertTrue(e.getMessage().contains("UPSFLEET_ADMIN_PASSWORD"), e.getMessage());
    }

    @Test
    void disablesUsersWhosePasswordIsUnset() {
        ConfiguredUsers users = new ConfiguredUsers(users(Optional.empty(), Optional.of("op-secret"), Optional.empty()));
        SecurityIdentity operator = login(users, "operator", "op-secret");
        assertEquals("operator", operator.getPrincipal().getName());
        assertTrue(operator.hasRole("operator") && operator.hasRole("viewer") && !operator.hasRole("admin"));
        assertThrows(AuthenticationFailedException.class, () -> login(users, "admin", ""));
        assertThrows(AuthenticationFailedException.class, () -> login(users, "viewer", ""));
        assertThrows(AuthenticationFailedException.class, () -> login(users, "operator", "op-secreT"));
    }

    /** The settings as the config mapping would give them, with the default names. */
    private static UsersConfig users(Optional<String> admin, Optional<String> operator, Optional<String> viewer) {
        return new UsersConfig() {
            @Override
            public User admin() {
                return user("admin", admin);
            }

            @Override
            public User operator() {
                return user("operator", operator);
            }

            @Override
            public User viewer() {
                return user("viewer", viewer);
            }
        };
    }

    private static UsersConfig.User user(String name, Optional<String> password) {
        return new UsersConfig.User() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> password() {
                return password;
            }
        };
    }

    private static SecurityIdentity login(ConfiguredUsers users, String name, String password) {
        return users.authenticate(new UsernamePasswordAuthenticationRequest(name, new PasswordCredential(password.toCharArray())), null)
                .await().indefinitely();
    }
}
