package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Managed users (table web_user) and their site scope, through the admin API and as the users themselves. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
class UserManagementTest {

    static final String PW = "a-long-password-1";

    @Inject
    Seed seed;

    @TestHTTPResource("/")
    URI base;

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-pw");
    }

    private static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password).redirects().follow(false);
    }

    private static void addUser(String name, String role, List<String> sites) {
        admin().contentType(ContentType.JSON).body(Map.of("name", name, "password", PW, "role", role, "sites", sites))
                .post("/api/admin/users").then().statusCode(201)
                .header("Location", containsString("/api/admin/users/" + name))
                .body("name", equalTo(name)).body("role", equalTo(role)).body("enabled", equalTo(true));
    }

    /** Two sites, one UPS each (plus a UPS without site). */
    private String[] fleet() {
        String hq = Seed.uniqueId("hq");
        String branch = Seed.uniqueId("br");
        String nowhere = Seed.uniqueId("ns");
        seed.ups(hq, "HQ", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        seed.ups(branch, "Branch-2", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        seed.ups(nowhere, null, List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        return new String[]{hq, branch, nowhere};
    }

    @Test
    void firstStartCreatedTheConfiguredUsersWithBcryptHashes() {
        Map<String, Object> row = seed.one("SELECT password_hash, role, created_by FROM web_user WHERE name = 'admin'");
        String hash = (String) row.get("password_hash");
        assertTrue(hash.startsWith("$2a$10$"), hash);
        assertFalse(hash.contains("test-admin-pw"));
        assertTrue("admin".equals(row.get("role")) && "first-start".equals(row.get("created_by")));
        admin().get("/api/admin/users").then().statusCode(200)
                .body("name", hasItems("admin", "operator", "viewer"))
                .body("find { it.name == 'operator' }.roles", hasItems("operator", "viewer"))
                .body("[0]", not(org.hamcrest.Matchers.hasKey("passwordHash")));
    }

    @Test
    void onlyAdminsManageUsers() {
        as("operator", "test-operator-pw").get("/api/admin/users").then().statusCode(403);
        as("viewer", "test-viewer-pw").contentType(ContentType.JSON)
                .body(Map.of("name", "sneaky", "password", PW, "role", "admin")).post("/api/admin/users").then().statusCode(403);
        given().redirects().follow(false).get("/api/admin/users").then().statusCode(401);
    }

    @Test
    void anAddedUserLogsInWithHisRoleAndADisabledOneIsRefusedAtOnce() {
        String name = Seed.uniqueId("ann");
        addUser(name, "viewer", List.of());
        as(name, PW).get("/api/me").then().statusCode(200).body("name", equalTo(name))
                .body("canCommand", equalTo(false)).body("canAdmin", equalTo(false));
        as(name, "wrong-password").get("/api/ups").then().statusCode(401);

        admin().post("/api/admin/users/" + name + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        as(name, PW).get("/api/ups").then().statusCode(401);
        // a dashboard session of a disabled user ends too: the cookie names the user, the table decides
        admin().post("/api/admin/users/" + name + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        String cookie = given().redirects().follow(false).formParam("j_username", name).formParam("j_password", PW)
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        given().cookie("quarkus-credential", cookie).get("/api/me").then().body("name", equalTo(name));
        admin().post("/api/admin/users/" + name + "/disable").then().statusCode(200);
        given().cookie("quarkus-credential", cookie).redirects().follow(false).get("/api/me").then().statusCode(401);
        given().cookie("quarkus-credential", cookie).redirects().follow(false).get("/api/ups").then().statusCode(401);
    }

    @Test
    void aPasswordResetReplacesTheOldPasswordAndARoleChangeTakesEffectAtTheNextRequest() {
        String name = Seed.uniqueId("bob");
        addUser(name, "viewer", List.of());
        String hq = fleet()[0];
        as(name, PW).get("/api/ups").then().statusCode(200); // cached check of the old password
        admin().contentType(ContentType.JSON).body(Map.of("password", "another-password-2"))
                .put("/api/admin/users/" + name + "/password").then().statusCode(200);
        as(name, PW).get("/api/ups").then().statusCode(401);
        as(name, "another-password-2").get("/api/ups").then().statusCode(200);

        as(name, "another-password-2").contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + hq + "/commands").then().statusCode(403);
        admin().contentType(ContentType.JSON).body(Map.of("role", "operator"))
                .put("/api/admin/users/" + name + "/role").then().statusCode(200).body("roles", hasItems("operator", "viewer"));
        as(name, "another-password-2").contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + hq + "/commands").then().statusCode(202);
    }

    @Test
    void refusesBadUsersWithProblems() {
        String name = Seed.uniqueId("carl");
        addUser(name, "viewer", List.of());
        admin().contentType(ContentType.JSON).body(Map.of("name", name, "password", PW, "role", "viewer"))
                .post("/api/admin/users").then().statusCode(409).contentType("application/problem+json");
        admin().contentType(ContentType.JSON).body(Map.of("name", Seed.uniqueId("d"), "password", "short", "role", "viewer"))
                .post("/api/admin/users").then().statusCode(400).body("parameter", equalTo("password"));
        admin().contentType(ContentType.JSON).body(Map.of("name", Seed.uniqueId("d"), "password", PW, "role", "root"))
                .post("/api/admin/users").then().statusCode(400).body("parameter", equalTo("role"));
        admin().contentType(ContentType.JSON).body(Map.of("name", "bad name!", "password", PW, "role", "viewer"))
                .post("/api/admin/users").then().statusCode(400).body("parameter", equalTo("name"));
        admin().contentType(ContentType.JSON).body(Map.of("name", Seed.uniqueId("d"), "password", PW, "role", "viewer",
                        "sites", List.of("Atlantis"))).post("/api/admin/users").then().statusCode(400)
                .body("parameter", equalTo("sites")).body("detail", containsString("Atlantis"));
        admin().contentType(ContentType.JSON).body("{\"name\":\"x1\",\"password\":\"" + PW + "\",\"role\":\"viewer\",\"admin\":true}")
                .post("/api/admin/users").then().statusCode(400);
        admin().post("/api/admin/users/nobody-" + name + "/disable").then().statusCode(404);
    }

    @Test
    void theAdminsCannotLockThemselvesOut() {
        admin().post("/api/admin/users/admin/disable").then().statusCode(409)
                .body("detail", containsString("yourself"));
        admin().contentType(ContentType.JSON).body(Map.of("role", "viewer")).put("/api/admin/users/admin/role")
                .then().statusCode(409);
        // nor may a second admin disable himself; he may disable the first, who is then locked out
        String second = Seed.uniqueId("adm");
        addUser(second, "admin", List.of());
        as(second, PW).post("/api/admin/users/" + second + "/disable").then().statusCode(409);
        as(second, PW).post("/api/admin/users/admin/disable").then().statusCode(200);
        admin().get("/api/me").then().statusCode(401);
        as(second, PW).post("/api/admin/users/admin/enable").then().statusCode(200);
        admin().get("/api/me").then().statusCode(200).body("canAdmin", equalTo(true));
    }

    @Test
    void anOperatorOfOneSiteCannotCommandAUpsOfAnother() {
        String[] ups = fleet();
        String op = Seed.uniqueId("ophq");
        addUser(op, "operator", List.of("HQ"));
        as(op, PW).get("/api/me").then().body("sites", equalTo(List.of("HQ")));
        as(op, PW).contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + ups[1] + "/commands").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://upsfleet.io/problems/forbidden"))
                .body("detail", containsString("'" + ups[1] + "' is not in your sites (HQ)"));
        assertTrue(seed.count("SELECT count(*) FROM command WHERE ups_id = ?", ups[1]) == 0, "no command recorded or sent");
        as(op, PW).contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + ups[2] + "/commands").then().statusCode(403);
        String location = as(op, PW).contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + ups[0] + "/commands").then().statusCode(202).extract().header("Location");
        as(op, PW).get(URI.create(location).getPath()).then().statusCode(200);
        // a command of the other site is not his to read either
        String theirs = as("operator", "test-operator-pw").contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + ups[1] + "/commands").then().statusCode(202).extract().header("Location");
        as(op, PW).get(URI.create(theirs).getPath()).then().statusCode(403);
        as(op, PW).get("/api/ups/" + ups[1] + "/commands").then().statusCode(403);

        // the scope can be widened by an admin, and then it works
        admin().contentType(ContentType.JSON).body(Map.of("sites", List.of("HQ", "Branch-2")))
                .put("/api/admin/users/" + op + "/sites").then().statusCode(200).body("sites", equalTo(List.of("Branch-2", "HQ")));
        as(op, PW).contentType(ContentType.JSON).body("{\"command\":\"BEEPER_TOGGLE\"}")
                .post("/api/ups/" + ups[1] + "/commands").then().statusCode(202);
    }

    @Test
    void aViewerOfOneSiteSeesOnlyItsUpsInListsHistoryAndEvents() {
        String[] ups = fleet();
        String v = Seed.uniqueId("vhq");
        addUser(v, "viewer", List.of("HQ"));
        seed.event(Seed.uniqueId("ev"), ups[0], Instant.now(), "ALARM", "ON_BATTERY", "WARNING", "hq event");
        seed.event(Seed.uniqueId("ev"), ups[1], Instant.now(), "ALARM", "ON_BATTERY", "WARNING", "branch event");

        as(v, PW).queryParam("limit", 1000).get("/api/ups").then().statusCode(200)
                .body("id", hasItem(ups[0])).body("id", not(hasItem(ups[1]))).body("id", not(hasItem(ups[2])))
                .body("site", everyItem(equalTo("HQ")));
        as(v, PW).queryParam("site", "Branch-2").get("/api/ups").then().statusCode(200).body("size()", equalTo(0));
        as(v, PW).get("/api/ups/" + ups[0]).then().statusCode(200);
        as(v, PW).get("/api/ups/" + ups[1]).then().statusCode(403).body("detail", containsString("not in your sites"));
        as(v, PW).get("/api/ups/" + ups[1] + "/history").then().statusCode(403);
        as(v, PW).get("/api/ups/" + ups[0] + "/history").then().statusCode(200);
        as(v, PW).get("/api/ups/" + ups[1] + "/events").then().statusCode(403);
        as(v, PW).get("/api/ups/" + ups[1] + "/hosts").then().statusCode(403);
        as(v, PW).queryParam("limit", 500).get("/api/events").then().statusCode(200)
                .body("message", hasItem("hq event")).body("message", not(hasItem("branch event")))
                .body("upsId", everyItem(startsWith("hq-")));
        // an unscoped viewer still sees everything
        as("viewer", "test-viewer-pw").queryParam("limit", 1000).get("/api/ups").then().body("id", hasItems(ups[0], ups[1], ups[2]));
    }

    @Test
    void aViewerOfOneSiteGetsOnlyItsUpsOnTheLiveStream() {
        String[] ups = fleet();
        String v = Seed.uniqueId("vsse");
        addUser(v, "viewer", List.of("HQ"));
        try (LiveStreamTest.SseReader mine = new LiveStreamTest.SseReader(base.resolve("/api/stream"), v, PW);
             LiveStreamTest.SseReader all = new LiveStreamTest.SseReader(base.resolve("/api/stream"), "viewer", "test-viewer-pw");
             TestMqtt gateway = new TestMqtt()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.lines.contains("event:hello") && all.lines.contains("event:hello"));
            // the directory of sites learns the new UPS within its refresh interval
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (String id : ups) {
                    gateway.publish(Topics.status(id), Json.toBytes(new UpsStatus(1, id, "gw-t", Instant.now(),
                            UpsStatus.CommState.OK, "10001000", List.of("OB"), Instant.now())), false);
                }
                Thread.sleep(500);
                return mine.lines.stream().anyMatch(l -> l.contains(ups[0]));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> all.lines.stream().anyMatch(l -> l.contains(ups[1]))
                    && all.lines.stream().anyMatch(l -> l.contains(ups[2])));
            assertTrue(mine.lines.stream().noneMatch(l -> l.contains(ups[1]) || l.contains(ups[2])),
                    "the scoped stream leaks UPS units of other sites: " + mine.lines);
        }
        as(v, PW).accept("text/event-stream").get("/api/ups/" + ups[1] + "/stream").then().statusCode(403);
    }
}
