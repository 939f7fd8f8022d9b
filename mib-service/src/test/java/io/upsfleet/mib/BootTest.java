package io.upsfleet.mib;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class BootTest {

    @Test
    void isReadyWithDatabaseAndBrokerChecked() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void exposesIngestMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("upsfleet_mib_messages_received_total"))
                .body(containsString("upsfleet_mib_messages_unacknowledged"));
    }
}
