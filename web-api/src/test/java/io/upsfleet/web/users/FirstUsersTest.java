package io.upsfleet.web.users;

import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.UsersConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain unit test: who is created on the first start, from which settings. */
class FirstUsersTest {

    @Test
    void createsOnlyTheUsersWhosePasswordIsSetMostPrivilegedFirst() {
        List<FirstUsers.Seed> seeds = FirstUsers.of(config(Optional.of("a-secret"), Optional.of(" "), Optional.of("v-secret")));
        assertEquals(List.of(new FirstUsers.Seed("root", "a-secret", Roles.ADMIN), new FirstUsers.Seed("viewer", "v-secret", Roles.VIEWER)), seeds);
    }

    @Test
    void createsNobodyWithoutAnyPasswordAndSaysWhichSettingIsMissing() {
        assertTrue(FirstUsers.of(config(Optional.empty(), Optional.empty(), Optional.of(""))).isEmpty());
        assertTrue(FirstUsers.NO_USER.contains("UPSFLEET_ADMIN_PASSWORD"));
    }

    @Test
    void rolesNest() {
        assertEquals(java.util.Set.of("viewer", "operator", "admin"), Roles.held(Roles.ADMIN));
        assertEquals(java.util.Set.of("viewer", "operator"), Roles.held(Roles.OPERATOR));
        assertEquals(java.util.Set.of("viewer"), Roles.held(Roles.VIEWER));
    }

    private static UsersConfig config(Optional<String> admin, Optional<String> operator, Optional<String> viewer) {
        return new UsersConfig() {
            @Override
            public User admin() {
                return user("root", admin);
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
}
