package io.upsfleet.nut.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsersTest {

    @Test
    void aUserWithoutPasswordDoesNotExist() {
        Users users = Users.of(Map.of("admin", new Users.Spec(null, List.of("ALL"), List.of("SET", "FSD"), "primary")));
        assertTrue(users.isEmpty());
        assertNull(users.authenticate("admin", ""));
        assertNull(users.authenticate("admin", null));
    }

    @Test
    void permissionsFollowUpsdUsers() {
        Users users = Users.of(Map.of(
                "admin", new Users.Spec("a", List.of("ALL"), List.of("set", "FSD"), null),
                "primary", new Users.Spec("p", null, null, "primary"),
                "secondary", new Users.Spec("s", List.of("beeper.toggle", " Load.Off "), null, "slave")));
        Users.User admin = users.authenticate("admin", "a");
        assertTrue(Users.mayRun(admin, "shutdown.return"));
        assertTrue(Users.mayDo(admin, "SET") && Users.mayDo(admin, "FSD"));
        assertFalse(Users.mayDo(admin, "LOGIN"), "only upsmon users LOGIN");
        Users.User primary = users.authenticate("primary", "p");
        assertTrue(Users.mayDo(primary, "LOGIN") && Users.mayDo(primary, "PRIMARY") && Users.mayDo(primary, "FSD"));
        assertFalse(Users.mayRun(primary, "load.off"));
        Users.User secondary = users.authenticate("secondary", "s");
        assertTrue(Users.mayDo(secondary, "LOGIN"));
        assertFalse(Users.mayDo(secondary, "FSD"));
        assertTrue(Users.mayRun(secondary, "load.off"));
        assertFalse(Users.mayRun(secondary, "load.on"));
        assertNull(users.authenticate("secondary", "S"));
        assertNull(users.authenticate("nobody", "s"));
        assertEquals(List.of("admin", "primary", "secondary"), users.names());
    }

    @Test
    void aTypoInARoleOrActionStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> Users.of(Map.of("u", new Users.Spec("p", null, List.of("SHUTDOWN"), null))));
        assertThrows(IllegalArgumentException.class, () -> Users.of(Map.of("u", new Users.Spec("p", null, null, "master-of-all"))));
    }
}
