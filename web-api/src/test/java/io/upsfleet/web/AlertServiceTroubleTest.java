package io.upsfleet.web;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.upsfleet.testsupport.InfraResource;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When alert-service refuses web-api's credential, and when it is down, operators get a problem that says
 * so (503), not a 500 or a hung page. Runs against a real alert-service that web-api has the wrong
 * password for, which is then stopped.
 */
@QuarkusTest
@TestProfile(AlertServiceTroubleTest.WrongPassword.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertServiceTroubleTest {

    public static class WrongPassword implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(InfraResource.class, Map.of("database", "upsfleet_test_webapi")),
                    new TestResourceEntry(AlertServiceResource.class, Map.of("webApiPassword", "not-the-password")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Handler errorLog = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureErrors() {
        Logger.getLogger("io.upsfleet.web.alerts").addHandler(errorLog);
    }

    @AfterEach
    void releaseErrors() {
        Logger.getLogger("io.upsfleet.web.alerts").removeHandler(errorLog);
    }

    @Test
    @Order(1)
    void aRefusedCredentialIsA503NamingThePasswordSettingAndAnErrorInTheLog() {
        for (String path : List.of("/api/alerts", "/api/protect/events")) {
            given().auth().preemptive().basic("viewer", "test-viewer-pw").get(path).then().statusCode(503)
                    .contentType("application/problem+json").body("status", equalTo(503))
                    .body("detail", containsString("UPSFLEET_ALERT_API_PASSWORD"));
        }
        given().auth().preemptive().basic("operator", "test-operator-pw").post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(503).body("detail", containsString("UPSFLEET_ALERT_API_PASSWORD"));
        assertTrue(errors.stream().anyMatch(e -> e.contains("UPSFLEET_ALERT_API_PASSWORD")), "logged as an error: " + errors);
    }

    @Test
    @Order(2)
    void alertServiceDownIsA503SayingItIsNotReachable() throws Exception {
        AlertServiceResource.service().close();
        for (String path : List.of("/api/alerts", "/api/protect/events")) {
            given().auth().preemptive().basic("viewer", "test-viewer-pw").get(path).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("alert-service is not reachable at " + AlertServiceResource.service().url()));
        }
        given().auth().preemptive().basic("operator", "test-operator-pw").post("/api/alerts/" + UUID.randomUUID() + "/ack")
                .then().statusCode(503).body("detail", containsString("alert-service is not reachable"));
    }
}
