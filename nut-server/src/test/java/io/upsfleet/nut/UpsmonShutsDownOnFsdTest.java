package io.upsfleet.nut;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.contracts.Topics;
import io.upsfleet.nut.support.Bus;
import io.upsfleet.nut.support.Feeder;
import io.upsfleet.nut.support.NutPortResource;
import io.upsfleet.nut.support.RawNut;
import io.upsfleet.testsupport.Upsmon;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A real upsmon secondary logs in to a UPS (LIST CLIENT, NUMLOGINS and the retained nut-clients list show it),
 * and when alert-service's retained SHUTDOWN notice for that UPS appears, nut-server adds FSD to its status:
 * upsmon runs its SHUTDOWNCMD and logs out, and the list says nobody is left.
 */
@QuarkusTest
@QuarkusTestResource(value = NutPortResource.class, restrictToAnnotatedClass = true)
class UpsmonShutsDownOnFsdTest {

    @ConfigProperty(name = "upsfleet.nut.port")
    int port;

    @ConfigProperty(name = "upsfleet.nut.server-id")
    String serverId;

    @Test
    void aSecondaryShutsItsHostDownWhenTheProtectiveSequenceDecidesAndLogsOut() {
        String ups = Bus.unit("nut-upsmon");
        try (Bus bus = new Bus(); Feeder feeder = new Feeder(bus, ups, "00001000"); RawNut nut = new RawNut(port)) {
            List<String[]> lists = bus.listen(Topics.nutClients(ups, serverId));
            bus.online(ups, "00001000", 230.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> nut.ask("GET VAR " + ups + " ups.status").endsWith("\"OL\""));
            try (Upsmon upsmon = Upsmon.secondary(ups, port, "monitor", "test-monitor-pw")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> nut.ask("GET NUMLOGINS " + ups).equals("NUMLOGINS " + ups + " 1"));
                assertEquals(List.of("BEGIN LIST CLIENT " + ups, "CLIENT " + ups + " 127.0.0.1", "END LIST CLIENT " + ups),
                        nut.list("LIST CLIENT " + ups));
                await().atMost(Duration.ofSeconds(5)).until(() -> !lists.isEmpty() && last(lists).clients().size() == 1);
                assertEquals("monitor", last(lists).clients().get(0).user());

                bus.publishRetained(Topics.hostShutdown(ups), new HostShutdownNotice(1, "hs-" + ups, ups, Instant.now(),
                        HostShutdownNotice.Action.CANCELLED, null, "mains back"));
                assertFalse(waitsFor(upsmon::shutdownFired, Duration.ofSeconds(3)), "a CANCELLED notice shuts nothing down");
                assertEquals("VAR " + ups + " ups.status \"OL\"", nut.ask("GET VAR " + ups + " ups.status"));

                bus.publishRetained(Topics.hostShutdown(ups), new HostShutdownNotice(1, "hs2-" + ups, ups, Instant.now(),
                        HostShutdownNotice.Action.SHUTDOWN, 120, "on battery and battery low"));
                await().atMost(Duration.ofSeconds(20)).until(upsmon::shutdownFired);
                assertEquals("VAR " + ups + " ups.status \"FSD OL\"", nut.ask("GET VAR " + ups + " ups.status"));
                await().atMost(Duration.ofSeconds(10)).until(() -> nut.ask("GET NUMLOGINS " + ups).equals("NUMLOGINS " + ups + " 0"));
                await().atMost(Duration.ofSeconds(5)).until(() -> last(lists).clients().isEmpty());
            }
        }
    }

    private static NutClients last(List<String[]> lists) {
        return Json.parse(lists.get(lists.size() - 1)[1], NutClients.class);
    }

    private static boolean waitsFor(java.util.function.BooleanSupplier condition, Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
