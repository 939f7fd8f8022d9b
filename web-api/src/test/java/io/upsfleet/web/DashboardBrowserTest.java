package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.CommandType;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Topics;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium: log in, watch a UPS go on battery as the gateway reports it
 * over MQTT, toggle its beeper through the confirmation dialog, and check that the command really left
 * (MQTT CommandRequest seen by a gateway-like subscriber, audit row with the user), and acknowledge the
 * alert the real alert-service opened for the alarm.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
@QuarkusTestResource(AlertServiceResource.class)
class DashboardBrowserTest {

    static final String CHROMIUM = System.getProperty("upsfleet.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("upsfleet.chromedriver", "/usr/bin/chromedriver");

    @TestHTTPResource("/")
    URI base;

    @Inject
    Seed seed;

    WebDriver driver;
    Path profile;

    @BeforeEach
    void startChromium() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            fail("The dashboard test needs headless Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ". Install them: apt-get install -y chromium chromium-driver");
        }
        profile = Files.createTempDirectory("upsfleet-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void operatorSeesUpsGoOnBatteryAndTogglesItsBeeper() throws Exception {
        String site = Seed.uniqueId("browser-site");
        String id = Seed.uniqueId("browser");
        seed.ups(id, site, List.of("lab"), "OK", "00001000", List.of("OL"), Instant.now());
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int i = 120; i > 0; i--) {
            seed.reading(id, now.minusSeconds(i), 225 + (i % 10), 30 + (i % 7), 27.0 - i / 100.0, "00001000");
        }
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));

        try (TestMqtt gateway = new TestMqtt().subscribe(Topics.command(id))) {
            // unauthenticated visitors land on the login page
            driver.get(base.resolve("/index.html").toString());
            wait.until(ExpectedConditions.urlContains("login.html"));
            driver.findElement(By.id("username")).sendKeys("operator");
            driver.findElement(By.id("password")).sendKeys("test-operator-pw");
            driver.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "operator"));

            driver.get(base.resolve("/index.html#/?site=" + site).toString());
            By card = By.cssSelector(".card[data-ups-id='" + id + "']");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".card.st-ol[data-ups-id='" + id + "']")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-state.on")));

            // the gateway reports a mains failure
            gateway.publish(Topics.status(id), Json.toBytes(new UpsStatus(1, id, "gw-browser", Instant.now(),
                    UpsStatus.CommState.OK, "10001000", List.of("OB"), Instant.now())), false);
            gateway.publish(Topics.alarm(id), Json.toBytes(new AlarmEvent(1, "al-" + id, id, "gw-browser", Instant.now(),
                    AlarmType.ON_BATTERY, AlarmEvent.AlarmState.RAISED, null, "utility power failed")), false);

            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".card.st-ob[data-ups-id='" + id + "']")));
            assertTrue(driver.findElement(card).getText().contains("OB"), "card shows the OB token");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alarms"), id + ": ON_BATTERY RAISED"));
            screenshot("fleet-on-battery");
            // the same alarm edge opened an alert in alert-service
            String alertId = AlarmEdges.awaitAlert(id, "OPEN");

            driver.findElement(card).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-badge"), "OB"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history-info"), "120 points (raw)"));
            String inputLine = driver.findElement(By.cssSelector("#chart-voltage svg path")).getAttribute("d");
            assertTrue(inputLine.startsWith("M") && inputLine.split("L").length >= 100, "input voltage line drawn: " + inputLine);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("cmd-BEEPER_TOGGLE"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-yes")));
            assertTrue(driver.findElement(By.id("confirm-text")).getText().contains(id));
            screenshot("confirm-beeper");
            driver.findElement(By.id("confirm-yes")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cmd-result"), "BEEPER_TOGGLE sent"));

            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.received.isEmpty());
            CommandRequest request = Json.parse(gateway.received.get(0), CommandRequest.class);
            assertEquals(CommandType.BEEPER_TOGGLE, request.command());
            assertEquals("operator", request.requestedBy());
            given().auth().preemptive().basic("viewer", "test-viewer-pw").get("/api/commands/" + request.commandId())
                    .then().statusCode(200).body("requestedBy", equalTo("operator")).body("command", equalTo("BEEPER_TOGGLE"));

            // the gateway confirms; the page shows it live
            gateway.publish(Topics.commandResult(id), Json.toBytes(new CommandResult(1, request.commandId(), id, "gw-browser",
                    CommandType.BEEPER_TOGGLE, CommandOutcome.DONE, "beeper off", Instant.now())), false);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("tr[data-command-id='" + request.commandId() + "'] .cmd-status"), "DONE"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cmd-result"), "DONE"));
            screenshot("detail-after-command");

            // the open alert of this UPS is acknowledged from its page
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-ack='" + alertId + "']"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("tr[data-alert-id='" + alertId + "'] .ack"), "by operator"));
            given().auth().preemptive().basic("viewer", "test-viewer-pw").queryParam("upsId", id).get("/api/alerts")
                    .then().statusCode(200).body("[0].ackedBy", equalTo("operator"));
        } catch (RuntimeException | AssertionError e) {
            screenshot("failure");
            throw e;
        }
    }

    @Test
    void viewerGetsNoCommandButtons() {
        String id = Seed.uniqueId("browser-view");
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        String alertId = AlarmEdges.openAlert(id);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        driver.get(base.resolve("/login.html").toString());
        driver.findElement(By.id("username")).sendKeys("viewer");
        driver.findElement(By.id("password")).sendKeys("wrong-password");
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys("viewer");
        driver.findElement(By.id("password")).sendKeys("test-viewer-pw");
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "viewer"));
        assertTrue(!driver.findElement(By.id("admin-link")).isDisplayed(), "the admin page link is for admins only");
        driver.get(base.resolve("/index.html#/ups/" + id).toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("command-buttons"), "may view but not send"));
        assertTrue(driver.findElements(By.id("cmd-BEEPER_TOGGLE")).isEmpty());
        // the viewer sees the open alert but cannot acknowledge it
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-alert-id='" + alertId + "']")));
        assertTrue(driver.findElements(By.cssSelector("button[data-ack]")).isEmpty());
    }

    @Test
    void adminAddsDisablesResetsAndDemotesAUserAndReadsTheAuditLog() {
        String site = Seed.uniqueId("admin-site");
        seed.ups(Seed.uniqueId("admin-ups"), site, List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        String name = Seed.uniqueId("newop");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        try {
            driver.get(base.resolve("/login.html").toString());
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys("test-admin-pw");
            driver.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "admin"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-link"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-user='operator']")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sites"), site));

            driver.findElement(By.id("new-name")).sendKeys(name);
            driver.findElement(By.id("new-password")).sendKeys("first-password-1");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("new-role"))).selectByVisibleText("operator");
            driver.findElement(By.id("new-sites")).sendKeys(site);
            driver.findElement(By.id("add-user")).click();
            By row = By.cssSelector("tr[data-user='" + name + "']");
            wait.until(ExpectedConditions.presenceOfElementLocated(row));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-msg"), "added"));

            driver.findElement(By.cssSelector("button[data-toggle='" + name + "']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "disabled"));
            driver.findElement(By.cssSelector("input[data-pw='" + name + "']")).sendKeys("second-password-2");
            driver.findElement(By.cssSelector("button[data-reset='" + name + "']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-msg"), "password reset"));
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[data-role='" + name + "']")))
                    .selectByVisibleText("viewer");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-msg"), "role viewer"));

            // the audit log on the same page shows the changes, newest first
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "ROLE_CHANGED"));
            String audit = driver.findElement(By.id("audit")).getText();
            assertTrue(audit.contains("USER_ADDED") && audit.contains("USER_DISABLED") && audit.contains("PASSWORD_RESET")
                    && audit.contains(name), audit);
            screenshot("admin");

            io.restassured.RestAssured.given().auth().preemptive().basic("admin", "test-admin-pw")
                    .get(base.resolve("/api/admin/users/" + name)).then().statusCode(200)
                    .body("enabled", org.hamcrest.Matchers.equalTo(false)).body("role", org.hamcrest.Matchers.equalTo("viewer"))
                    .body("sites", org.hamcrest.Matchers.equalTo(List.of(site)));
            io.restassured.RestAssured.given().auth().preemptive().basic("admin", "test-admin-pw")
                    .post(base.resolve("/api/admin/users/" + name + "/enable")).then().statusCode(200);
            io.restassured.RestAssured.given().auth().preemptive().basic(name, "second-password-2")
                    .get(base.resolve("/api/me")).then().statusCode(200).body("canCommand", org.hamcrest.Matchers.equalTo(false));
        } catch (RuntimeException | AssertionError e) {
            screenshot("admin-failure");
            throw e;
        }
    }

    private void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }
}
