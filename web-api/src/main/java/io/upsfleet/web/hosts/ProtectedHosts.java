package io.upsfleet.web.hosts;

import io.upsfleet.contracts.NutLoginBook;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The hosts each UPS protects: the NUT clients (upsmon on those hosts) logged in to it on any nut-server
 * replica, as the replicas publish them. Kept in memory from the bus; every web-api replica holds the whole
 * fleet's lists.
 */
@ApplicationScoped
public class ProtectedHosts {

    /** The hosts of one UPS, oldest login first. */
    public record Hosts(String upsId, int count, List<NutLoginBook.Host> hosts) {
    }

    private final NutLoginBook book = new NutLoginBook();

    void take(String topic, byte[] payload) {
        book.take(topic, payload);
    }

    public Hosts of(String upsId) {
        List<NutLoginBook.Host> hosts = book.hosts(upsId);
        return new Hosts(upsId, hosts.size(), hosts);
    }
}
