package io.upsfleet.web;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.LinkDiagnostics;
import io.upsfleet.contracts.Topics;
import io.upsfleet.testsupport.InfraResource;
import io.upsfleet.testsupport.RetainedMessages;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The dashboard's "Link" panel on a UPS page, in headless Chromium (see DashboardBrowserTest for the setup). */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_webapi"))
@QuarkusTestResource(AlertServiceResource.class)
class LinkPanelBrowserTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Seed seed;

    WebDriver driver;
    Path profile;

    @BeforeEach
    void startChromium() throws IOException {
        if (!new File(DashboardBrowserTest.CHROMIUM).canExecute() || !new File(DashboardBrowserTest.CHROMEDRIVER).canExecute()) {
            fail("needs headless Chromium and its driver: apt-get install -y chromium chromium-driver");
        }
        profile = Files.createTempDirectory("upsfleet-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(DashboardBrowserTest.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DashboardBrowserTest.CHROMEDRIVER)).build(), options);
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
    void theUpsPageShowsItsLinkFiguresAndItsDeviceServerHost() {
        String id = Seed.uniqueId("browser-link");
        String host = "moxa-" + id.substring(id.length() - 6);
        seed.ups(id, "s", List.of(), "OK", "00001000", List.of("OL"), Instant.now());
        Instant now = Instant.now();
        try (TestMqtt gateway = new TestMqtt()) {
            gateway.publish(Topics.link(id), Json.toBytes(new LinkDiagnostics(1, id, "gw-1", now, "rfc2217://" + host + ":4001",
                    host, now.minusSeconds(3600), 1000, 970, 25, 5, 40, 39, 2, 1, 35.5, 180.0,
                    "no reply to 'Q1' within 1000 ms", now.minusSeconds(20), List.of("stuck-shutdown-bit"))), true);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(base.resolve("/login.html").toString());
            driver.findElement(By.id("username")).sendKeys("viewer");
            driver.findElement(By.id("password")).sendKeys("test-viewer-pw");
            driver.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "viewer"));
            driver.get(base.resolve("/index.html#/ups/" + id).toString());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("link"), "180"));
            String panel = driver.findElement(By.id("link")).getText();
            assertTrue(panel.contains("35.5 ms / 180 ms"), panel);
            assertTrue(panel.contains("25 (2.5 %)"), "timeouts with their share: " + panel);
            assertTrue(panel.contains("no reply to 'Q1' within 1000 ms"), panel);
            assertTrue(panel.contains("stuck-shutdown-bit"), "proposed quirks: " + panel);
            assertTrue(panel.contains("host " + host) && panel.contains("3.0 %"), "the host's summary: " + panel);
            assertTrue(driver.findElement(By.id("link-info")).getText().contains("rfc2217://" + host + ":4001"));
        } finally {
            RetainedMessages.clear(io.upsfleet.testsupport.Infra.get().mqttUri(), List.of(Topics.link(id)));
        }
    }
}
