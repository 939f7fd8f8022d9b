package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class SecurityTest {

    @Test
    void refusesApiWithoutCredentials() {
        given().redirects().follow(false).when().get("/api/ups").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic realm="));
        given().header("X-Requested-With", "XMLHttpRequest").when().get("/api/ups").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue());
        given().redirects().follow(false).when().get("/api/ups/x").then().statusCode(401);
    }

    @Test
    void tellsAnonymousDashboardItIsNotLoggedInWithoutChallenge() {
        given().get("/api/me").then().statusCode(200).body("authenticated", equalTo(false))
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void refusesWrongPassword() {
        given().auth().preemptive().basic("viewer", "wrong").redirects().follow(false)
                .when().get("/api/ups").then().statusCode(401);
        given().auth().preemptive().basic("nobody", "test-viewer-pw").redirects().follow(false)
                .when().get("/api/ups").then().statusCode(401);
    }

    @Test
    void reportsRolesOfTheLoggedInUser() {
        given().auth().preemptive().basic("operator", "test-operator-pw").get("/api/me").then().statusCode(200)
                .body("name", equalTo("operator")).body("roles", hasItems("operator", "viewer")).body("canCommand", equalTo(true));
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/me").then().statusCode(200)
                .body("canCommand", equalTo(false));
    }

    @Test
    void formLoginGivesASessionCookieForTheDashboard() {
        String cookie = given().redirects().follow(false)
                .formParam("j_username", "viewer").formParam("j_password", "test-viewer-pw")
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        given().cookie("quarkus-credential", cookie).get("/api/me").then().statusCode(200).body("name", equalTo("viewer"));
        given().redirects().follow(false)
                .formParam("j_username", "viewer").formParam("j_password", "nope")
                .post("/j_security_check").then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.containsString("error"));
    }

    @Test
    void servesLoginPageAndOpenApiOnlyToUsers() {
        given().get("/login.html").then().statusCode(200);
        given().redirects().follow(false).get("/q/openapi").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/q/openapi").then().statusCode(200);
    }
}
