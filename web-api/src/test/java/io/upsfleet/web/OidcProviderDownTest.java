package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** OIDC on, but its provider unreachable: managed users are not disturbed, a bearer token cannot be checked (503). */
@QuarkusTest
@TestProfile(OidcProviderDownTest.ProviderDown.class)
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class OidcProviderDownTest {

    /** A local port that was free a moment ago: nothing answers there. */
    public static class ProviderDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("upsfleet.oidc.auth-server-url", "http://127.0.0.1:" + port + "/realms/gone",
                    "upsfleet.oidc.role-map.ups-operators", "operator");
        }
    }

    @Test
    void withoutCredentialsItIsStill401AndManagedUsersStillLogIn() {
        given().redirects().follow(false).get("/api/ups").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"));
        given().auth().preemptive().basic("operator", "test-operator-pw").get("/api/ups").then().statusCode(200);
        given().redirects().follow(false).formParam("j_username", "viewer").formParam("j_password", "test-viewer-pw")
                .post("/j_security_check").then().statusCode(302);
    }

    @Test
    void aBearerTokenThatCannotBeCheckedIs503() {
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").redirects().follow(false)
                .get("/api/ups").then().statusCode(503).body("title", equalTo("Single sign-on unavailable"));
    }
}
