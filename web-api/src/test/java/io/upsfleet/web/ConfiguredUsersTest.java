package io.upsfleet.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.upsfleet.web.security.ConfiguredUsers;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain unit test of the production user rules: what happens when passwords are not configured. */
class ConfiguredUsersTest {

    @Test
    void refusesToStartWithoutAnyPassword() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ConfiguredUsers(
                "admin", Optional.empty(), "operator", Optional.of(" "), "viewer", Optional.empty()));
        assertTrue(e.getMessage().contains("UPSFLEET_ADMIN_PASSWORD"), e.getMessage());
    }

    @Test
    void disablesUsersWhosePasswordIsUnset() {
        ConfiguredUsers users = new ConfiguredUsers("admin", Optional.empty(), "operator", Optional.of("op-secret"),
                "viewer", Optional.empty());
        SecurityIdentity operator = login(users, "operator", "op-secret");
        assertEquals("operator", operator.getPrincipal().getName());
        assertTrue(operator.hasRole("operator") && operator.hasRole("viewer") && !operator.hasRole("admin"));
        assertThrows(AuthenticationFailedException.class, () -> login(users, "admin", ""));
        assertThrows(AuthenticationFailedException.class, () -> login(users, "viewer", ""));
        assertThrows(AuthenticationFailedException.class, () -> login(users, "operator", "op-secreT"));
    }

    private static SecurityIdentity login(ConfiguredUsers users, String name, String password) {
        return users.authenticate(new UsernamePasswordAuthenticationRequest(name, new PasswordCredential(password.toCharArray())), null)
                .await().indefinitely();
    }
}
