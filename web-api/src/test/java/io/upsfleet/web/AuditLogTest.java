package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every login, failed login, user change and command is in web_audit, and admins read it newest first, paged. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class AuditLogTest {

    @Inject
    Seed seed;

    private Map<String, Object> newest(String action, String actor) {
        // login entries are written without holding up the login: wait for them
        await().atMost(Duration.ofSeconds(10)).until(() ->
                seed.count("SELECT count(*) FROM web_audit WHERE action = ? AND actor = ?", action, actor) > 0);
        return seed.one("SELECT * FROM web_audit WHERE action = ? AND actor = ? ORDER BY id DESC LIMIT 1", action, actor);
    }

    @Test
    void recordsLoginsFailuresUserChangesAndCommandsWithWhoWhenWhereAndWhat() {
        String name = Seed.uniqueId("audited");
        given().redirects().follow(false).formParam("j_username", "admin").formParam("j_password", "test-admin-pw")
                .post("/j_security_check").then().statusCode(302);
        Map<String, Object> login = newest("LOGIN", "admin");
        assertEquals("127.0.0.1", login.get("address"));
        assertTrue(String.valueOf(login.get("detail")).startsWith("form"), String.valueOf(login.get("detail")));

        given().auth().preemptive().basic(name, "not-his-password").get("/api/ups").then().statusCode(401);
        assertEquals(name, newest("LOGIN_FAILED", name).get("target"));

        given().auth().preemptive().basic("admin", "test-admin-pw").contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", "a-long-password-1", "role", "operator", "sites", List.of()))
                .post("/api/admin/users").then().statusCode(201);
        given().auth().preemptive().basic("admin", "test-admin-pw").post("/api/admin/users/" + name + "/disable")
                .then().statusCode(200);
        Map<String, Object> added = seed.one("SELECT * FROM web_audit WHERE action = 'USER_ADDED' AND target = ?", name);
        assertEquals("admin", added.get("actor"));
        assertEquals("role operator, every site", added.get("detail"));
        assertEquals("admin", seed.one("SELECT actor FROM web_audit WHERE action = 'USER_DISABLED' AND target = ?", name).get("actor"));

        String ups = Seed.uniqueId("aud");
        seed.ups(ups, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        given().auth().preemptive().basic("operator", "test-operator-pw").contentType(ContentType.JSON)
                .body("{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":5}").post("/api/ups/" + ups + "/commands")
                .then().statusCode(202);
        Map<String, Object> command = seed.one("SELECT * FROM web_audit WHERE action = 'COMMAND' AND target = ?", ups);
        assertEquals("operator", command.get("actor"));
        assertEquals("127.0.0.1", command.get("address"));
        assertTrue(String.valueOf(command.get("detail")).matches("BATTERY_TEST_TIMED cmd-\\S+ testMinutes=5"), String.valueOf(command.get("detail")));
    }

    @Test
    void adminsReadTheLogNewestFirstPageByPage() {
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic(Seed.uniqueId("pager"), "wrong").get("/api/ups").then().statusCode(401);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.count("SELECT count(*) FROM web_audit") >= 3);
        Response first = given().auth().preemptive().basic("admin", "test-admin-pw").queryParam("limit", 2).get("/api/admin/audit");
        first.then().statusCode(200).body("size()", equalTo(2));
        List<Integer> ids = first.path("id");
        assertTrue(ids.get(0) > ids.get(1), "newest first");
        String next = first.header("Link").replaceAll("^<([^>]+)>.*$", "$1");
        List<Integer> older = given().auth().preemptive().basic("admin", "test-admin-pw").get(URI.create(next).getPath() + "?"
                + URI.create(next).getRawQuery()).then().statusCode(200).extract().path("id");
        assertTrue(older.get(0) < ids.get(1), "the next page continues below the last id: " + ids + " then " + older);

        given().auth().preemptive().basic("admin", "test-admin-pw").queryParam("action", "LOGIN_FAILED").get("/api/admin/audit")
                .then().statusCode(200).body("action", everyItem(equalTo("LOGIN_FAILED")));
        given().auth().preemptive().basic("admin", "test-admin-pw").queryParam("before", "x").get("/api/admin/audit")
                .then().statusCode(400).body("parameter", equalTo("before"));
        given().auth().preemptive().basic("operator", "test-operator-pw").get("/api/admin/audit").then().statusCode(403);
    }
}
