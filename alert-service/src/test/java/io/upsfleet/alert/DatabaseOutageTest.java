package io.upsfleet.alert;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PostgreSQL goes away while an alarm edge arrives: the edge waits (unacknowledged, retried) and becomes
 * exactly one alert once the database is back. The service's connections go through a {@link TcpProxy}
 * the test cuts; the test's own checks go to PostgreSQL directly.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
// fail fast instead of waiting 5 s for a connection, so the outage goes through the intake's retry loop
@QuarkusTestResource(value = DatabaseProxyResource.class, initArgs = {
        @ResourceArg(name = "property", value = "quarkus.datasource.jdbc.url"),
        @ResourceArg(name = "url", value = "jdbc:postgresql://127.0.0.1:{port}/${upsfleet.db.name}"),
        @ResourceArg(name = "quarkus.datasource.jdbc.acquisition-timeout", value = "PT0.5S")})
class DatabaseOutageTest {

    @Test
    void anAlarmThatArrivesWhileTheDatabaseIsDownBecomesOneAlertWhenItIsBack() throws Exception {
        String ups = Alarms.upsId("dbdown");
        DatabaseProxyResource.proxy().cut();
        try {
            Alarms.raise(ups, AlarmType.ON_BATTERY);
            Thread.sleep(5_000); // several failed attempts, longer than the 1 s debounce of the test profile
            assertEquals(0, alerts(ups), "nothing can have been stored while the database was away");
            // the intake is stuck behind the outage, and readiness says so once it lasts past stall-after (5 s)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503).body("checks.find { it.name == 'alert intake progress' }.status", equalTo("DOWN")));
        } finally {
            DatabaseProxyResource.proxy().restore();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(ups) == 1);
        Thread.sleep(2_000);
        assertEquals(1, alerts(ups), "exactly one alert for the one edge");
    }

    private static long alerts(String ups) throws Exception {
        try (Connection c = Alarms.db();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alert WHERE ups_id = ? AND alarm = 'ON_BATTERY'")) {
            ps.setString(1, ups);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
