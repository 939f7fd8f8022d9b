package io.upsfleet.mib.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.mib.support.Db;
import io.upsfleet.mib.support.Mqtt;
import io.upsfleet.mib.support.Payloads;
import io.upsfleet.testsupport.TcpProxy;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service's database connection runs through a proxy the test controls: cutting it is an outage as
 * the service sees it (connections dropped, new ones refused), without touching the shared server.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.WithoutSpool.class)
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class DatabaseOutageTest {

    /** Without the local spool (or with a full one): the broker holds what cannot be stored. */
    public static class WithoutSpool implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("upsfleet.mib.spool.enabled", "false");
        }
    }

    private static final int READINGS = 60;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IngestMetrics metrics;

    @Test
    void storesEveryReadingPublishedDuringADatabaseOutageOnceItIsBack() {
        Db db = new Db(dataSource);
        TcpProxy proxy = DatabaseProxyResource.proxy();
        String ups = Payloads.upsId("outage");
        Instant t0 = Instant.now();
        double failuresBefore = metrics.storeFailures(IngestChannel.READINGS);
        double receivedBefore = metrics.receivedCount(IngestChannel.READINGS);
        try (Mqtt mqtt = new Mqtt()) {
            proxy.cut();
            try {
                for (int i = 0; i < READINGS; i++) {
                    mqtt.publish(Topics.reading(ups), Payloads.reading(ups, t0.plusMillis(i * 100L), 220 + i % 10, "00001000"));
                }
                // the service tried to write them and failed (so they are held unacknowledged) ...
                await().atMost(Duration.ofSeconds(20)).until(() -> metrics.storeFailures(IngestChannel.READINGS) > failuresBefore);
                assertThat(metrics.unacknowledged()).isPositive();
                // ... readiness says the database is gone ...
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        given().get("/q/health/ready").then().statusCode(503));
                // ... and nothing reaches the table while the outage lasts (several backoff rounds)
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == 0);
                // unacknowledged messages fill the broker's in-flight window, so it holds the rest back:
                // proof that PUBACK waits for the write (with auto-ack all of them would have arrived)
                assertThat(metrics.receivedCount(IngestChannel.READINGS) - receivedBefore).isLessThan(READINGS);
                // ... and the ingest itself reports that it is stuck once messages wait past stall-after (5 s)
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503).body("checks.find { it.name == 'mib ingest progress' }.status", equalTo("DOWN")));
            } finally {
                proxy.restore();
            }
            // ... and once it is back every reading is stored exactly once
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM reading WHERE ups_id = ?", ups) == READINGS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            assertThat(db.count("SELECT count(DISTINCT ts) FROM reading WHERE ups_id = ?", ups)).isEqualTo(READINGS);
            assertThat(((java.sql.Timestamp) db.one("SELECT last_reading_ts FROM ups WHERE ups_id = ?", ups).get("last_reading_ts"))
                    .toInstant()).isEqualTo(t0.plusMillis((READINGS - 1) * 100L).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        }
    }
}
