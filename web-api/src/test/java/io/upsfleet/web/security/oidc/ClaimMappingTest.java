package io.upsfleet.web.security.oidc;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimMappingTest {

    private final ClaimMapping mapping = new ClaimMapping("groups", "sites",
            Map.of("ups-viewers", "viewer", "ups-operators", "operator", "ups-admins", "admin"));

    @Test
    void theHighestMappedValueGivesTheRole() {
        var mapped = mapping.map(Map.<String, Object>of("groups", List.of("staff", "ups-viewers", "ups-operators"))::get);
        assertEquals(Optional.of("operator"), mapped.role());
    }

    @Test
    void unmappedValuesGiveNoRoleEvenWhenTheyAreNamedLikeARole() {
        var mapped = mapping.map(Map.<String, Object>of("groups", List.of("admin", "operator", "staff"))::get);
        assertTrue(mapped.role().isEmpty());
        assertTrue(mapping.map(Map.<String, Object>of()::get).role().isEmpty(), "no claim, no role");
    }

    @Test
    void theSitesClaimBecomesTheSiteScopeAndItsAbsenceMeansEverySite() {
        var scoped = mapping.map(Map.<String, Object>of("groups", "ups-operators", "sites", List.of("HQ", " "))::get);
        assertEquals(Set.of("HQ"), scoped.scope().sites());
        assertTrue(scoped.scope().allows("HQ") && !scoped.scope().allows("Branch-2"));
        assertTrue(mapping.map(Map.<String, Object>of("groups", "ups-operators")::get).scope().everySite());
    }

    @Test
    void readsJsonValuesAndNestedClaimPaths() {
        var keycloak = new ClaimMapping("realm_access/roles", "sites", Map.of("ups-admins", "admin"));
        var token = Map.<String, Object>of(
                "realm_access", Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("ups-admins").add(3)).build(),
                "sites", Json.createArrayBuilder().add("HQ").add("Branch-2").build());
        var mapped = keycloak.map(token::get);
        assertEquals(Optional.of("admin"), mapped.role());
        assertEquals(Set.of("HQ", "Branch-2"), mapped.scope().sites());
    }

    @Test
    void aRoleMapNamingNoRoleIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClaimMapping("groups", "sites", Map.of("x", "root")));
        assertTrue(e.getMessage().contains("root"), e.getMessage());
    }
}
