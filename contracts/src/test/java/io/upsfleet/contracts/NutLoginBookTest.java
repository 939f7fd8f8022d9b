package io.upsfleet.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NutLoginBookTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    private static byte[] list(String ups, String server, Instant ts, String... addresses) {
        return Json.toBytes(new NutClients(1, ups, server, ts, java.util.Arrays.stream(addresses)
                .map(a -> new NutClients.Client(a, "monitor", ts)).toList()));
    }

    @Test
    void theHostsOfAUpsAreTheUnionOfItsServersLists() {
        NutLoginBook book = new NutLoginBook();
        book.take(Topics.nutClients("ups-1", "a"), list("ups-1", "a", T, "10.0.0.1", "10.0.0.2"));
        book.take(Topics.nutClients("ups-1", "b"), list("ups-1", "b", T.plusSeconds(1), "10.0.0.3"));
        book.take(Topics.nutClients("ups-2", "a"), list("ups-2", "a", T, "10.0.0.9"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"),
                book.hosts("ups-1").stream().map(NutLoginBook.Host::address).toList());
    }

    @Test
    void aLogoutAListClearedOnStopOrAnEmptyListRemoveHosts() {
        NutLoginBook book = new NutLoginBook();
        book.take(Topics.nutClients("ups-1", "a"), list("ups-1", "a", T, "10.0.0.1"));
        book.take(Topics.nutClients("ups-1", "b"), list("ups-1", "b", T, "10.0.0.3"));
        book.take(Topics.nutClients("ups-1", "a"), list("ups-1", "a", T.plusSeconds(5)));
        book.take(Topics.nutClients("ups-1", "b"), new byte[0]);
        assertEquals(List.of(), book.hosts("ups-1"));
    }

    @Test
    void anOlderListNeverReplacesANewerOne() {
        NutLoginBook book = new NutLoginBook();
        book.take(Topics.nutClients("ups-1", "a"), list("ups-1", "a", T.plusSeconds(10), "10.0.0.1"));
        book.take(Topics.nutClients("ups-1", "a"), list("ups-1", "a", T, "10.0.0.7"));
        assertEquals("10.0.0.1", book.hosts("ups-1").get(0).address());
    }

    @Test
    void aListThatNamesAnotherServerOrUpsThanItsTopicIsRefused() {
        NutLoginBook book = new NutLoginBook();
        assertThrows(InvalidPayloadException.class, () -> book.take(Topics.nutClients("ups-1", "a"), list("ups-1", "b", T, "x")));
        assertThrows(InvalidPayloadException.class, () -> book.take(Topics.nutClients("ups-1", "a"), list("ups-2", "a", T, "x")));
        assertThrows(InvalidPayloadException.class, () -> book.take(Topics.nutClients("ups-1", "a"),
                "{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), book.hosts("ups-1"));
    }
}
