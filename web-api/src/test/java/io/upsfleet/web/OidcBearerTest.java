package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OIDC single sign-on against a test OIDC server (WireMock: discovery and JWKS; its key signs the tokens):
 * bearer tokens get their role from the "groups" claim through the role map and their site scope from the
 * "sites" claim, and every existing scope check applies; managed users keep HTTP Basic.
 */
@QuarkusTest
@TestProfile(OidcBearerTest.WithOidc.class)
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class OidcBearerTest {

    static final String ISSUER = "https://server.example.com";

    /** OIDC on as an operator would turn it on: the provider's URL, plus the role map. */
    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "upsfleet.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.token.issuer", ISSUER,
                    "upsfleet.oidc.role-map.ups-operators", "operator",
                    "upsfleet.oidc.role-map.ups-viewers", "viewer");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
        }
    }

    @Inject
    Seed seed;

    private static String token(String user, Set<String> groups, List<String> sites) {
        var claims = Jwt.preferredUserName(user).groups(groups).issuer(ISSUER).expiresIn(Duration.ofMinutes(5));
        if (sites != null) {
            claims.claim("sites", sites);
        }
        return claims.sign();
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).redirects().follow(false);
    }

    private static RequestSpecification command(String token) {
        return bearer(token).contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}");
    }

    private String[] fleet() {
        String hq = Seed.uniqueId("hq");
        String branch = Seed.uniqueId("br");
        seed.ups(hq, "HQ", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        seed.ups(branch, "Branch-2", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        return new String[]{hq, branch};
    }

    @Test
    void anOperatorTokenOfSiteHqCommandsAnHqUpsButNotOneOfBranch2() {
        String[] ups = fleet();
        String user = Seed.uniqueId("sso");
        String token = token(user, Set.of("staff", "ups-operators"), List.of("HQ"));
        command(token).post("/api/ups/" + ups[0] + "/commands").then().statusCode(202);
        command(token).post("/api/ups/" + ups[1] + "/commands").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("'" + ups[1] + "' is not in your sites (HQ)"));
        bearer(token).get("/api/me").then().statusCode(200).body("name", equalTo(user))
                .body("canCommand", equalTo(true)).body("canAdmin", equalTo(false)).body("sites", equalTo(List.of("HQ")));
        assertEquals(0, seed.count("SELECT count(*) FROM command WHERE ups_id = ?", ups[1]), "no command recorded or sent");
        bearer(token).get("/api/ups/" + ups[1]).then().statusCode(403);
        bearer(token).get("/api/admin/users").then().statusCode(403);

        // its first request from this address is in the audit log as an OIDC login
        await().atMost(Duration.ofSeconds(10)).until(() ->
                seed.count("SELECT count(*) FROM web_audit WHERE action = 'LOGIN' AND actor = ?", user) > 0);
        Map<String, Object> login = seed.one("SELECT * FROM web_audit WHERE action = 'LOGIN' AND actor = ?", user);
        assertTrue(String.valueOf(login.get("detail")).startsWith("oidc bearer token"), String.valueOf(login.get("detail")));
        assertTrue(String.valueOf(login.get("detail")).contains("role operator, sites HQ"), String.valueOf(login.get("detail")));
        assertEquals(1, seed.count("SELECT count(*) FROM web_audit WHERE action = 'LOGIN' AND actor = ?", user),
                "later requests within 10 minutes are not audited again");
    }

    @Test
    void aTokenWithoutAMappedRoleIsRefusedEvenWithAGroupNamedLikeARole() {
        String[] ups = fleet();
        String token = token(Seed.uniqueId("nobody"), Set.of("admin", "operator", "staff"), List.of());
        bearer(token).get("/api/ups").then().statusCode(403);
        command(token).post("/api/ups/" + ups[0] + "/commands").then().statusCode(403);
        bearer(token).get("/api/admin/users").then().statusCode(403);
        bearer(token).get("/api/me").then().statusCode(200).body("canCommand", equalTo(false)).body("roles", equalTo(List.of()));
    }

    @Test
    void aViewerTokenWithoutSitesSeesEverySiteAndCannotCommand() {
        String[] ups = fleet();
        String token = token(Seed.uniqueId("view"), Set.of("ups-viewers"), null);
        bearer(token).get("/api/ups/" + ups[1]).then().statusCode(200);
        command(token).post("/api/ups/" + ups[0] + "/commands").then().statusCode(403);
    }

    @Test
    void noTokenIs401AndManagedUsersKeepHttpBasic() {
        given().redirects().follow(false).get("/api/ups").then().statusCode(401);
        given().auth().preemptive().basic("admin", "test-admin-pw").get("/api/me").then().statusCode(200)
                .body("name", equalTo("admin")).body("canAdmin", equalTo(true));
        given().auth().preemptive().basic("admin", "wrong-password").redirects().follow(false).get("/api/ups").then().statusCode(401);
    }

    @Test
    void aTokenSignedByAnotherKeyOrFromAnotherIssuerIs401() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.preferredUserName("mallory").groups(Set.of("ups-operators")).issuer(ISSUER)
                .expiresIn(Duration.ofMinutes(5)).sign(generator.generateKeyPair().getPrivate());
        bearer(forged).get("/api/ups").then().statusCode(401);
        String otherIssuer = Jwt.preferredUserName("mallory").groups(Set.of("ups-operators")).issuer("https://evil.example.com")
                .expiresIn(Duration.ofMinutes(5)).sign();
        bearer(otherIssuer).get("/api/ups").then().statusCode(401);
    }
}
