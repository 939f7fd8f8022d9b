package io.upsfleet.web.security.oidc;

import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.SiteScope;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * From a token's claims to a role and a site scope (pure: no token library, no CDI). The role is the highest
 * one that a value of the roles claim maps to in the role map; values not in the map are ignored, so a
 * provider's group "admin" makes no one an admin unless the map says so. The sites claim lists sites by
 * name, like a managed user's scope; absent or empty means every site, as for managed users.
 */
public final class ClaimMapping {

    /** {@code role} empty: no mapped value, the token holds no role. */
    public record Mapped(Optional<String> role, SiteScope scope) {
    }

    private final String rolesClaim;
    private final String sitesClaim;
    private final Map<String, String> roleMap;

    public ClaimMapping(String rolesClaim, String sitesClaim, Map<String, String> roleMap) {
        roleMap.forEach((value, role) -> {
            if (!Roles.isRole(role)) {
                throw new IllegalArgumentException("upsfleet.oidc.role-map." + value + "=" + role
                        + ": not a role (one of " + Roles.LEVELS + ")");
            }
        });
        this.rolesClaim = rolesClaim;
        this.sitesClaim = sitesClaim;
        this.roleMap = Map.copyOf(roleMap);
    }

    /** {@code claims}: top-level claim name → value (String, Collection, Map or jakarta.json values), null if absent. */
    public Mapped map(Function<String, Object> claims) {
        int level = -1;
        for (String value : values(claims, rolesClaim)) {
            String role = roleMap.get(value);
            if (role != null) {
                level = Math.max(level, Roles.LEVELS.indexOf(role));
            }
        }
        Set<String> sites = new TreeSet<>(values(claims, sitesClaim));
        sites.removeIf(String::isBlank);
        return new Mapped(level < 0 ? Optional.empty() : Optional.of(Roles.LEVELS.get(level)), new SiteScope(sites));
    }

    /** The string values at a claim path ("realm_access/roles"): one string, or the strings of an array. */
    static List<String> values(Function<String, Object> claims, String path) {
        String[] segments = path.split("/");
        Object value = claims.apply(segments[0]);
        for (int i = 1; i < segments.length && value != null; i++) {
            value = child(value, segments[i]);
        }
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> text(item).ifPresent(out::add));
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> text(item).ifPresent(out::add));
        } else {
            text(value).ifPresent(out::add);
        }
        return out;
    }

    private static Object child(Object value, String name) {
        if (value instanceof JsonObject object) {
            return object.get(name);
        }
        if (value instanceof Map<?, ?> map) {
            return map.get(name);
        }
        return null;
    }

    private static Optional<String> text(Object value) {
        if (value instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty(); // numbers, objects, null: not a role or site name
    }
}
