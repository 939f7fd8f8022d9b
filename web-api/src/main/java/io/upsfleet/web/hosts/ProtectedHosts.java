package io.upsfleet.web.hosts;

import io.upsfleet.contracts.NutClients;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts each UPS protects: the NUT clients (upsmon on those hosts) logged in to it on any nut-server
 * replica, as the replicas publish them (retained, one list per UPS and replica). Kept in memory from the
 * bus; every web-api replica holds the whole fleet's lists.
 */
@ApplicationScoped
public class ProtectedHosts {

    /** One logged-in host, with the nut-server replica it is connected to. */
    public record Host(String address, String user, Instant since, String server) {
    }

    /** The hosts of one UPS, oldest login first. */
    public record Hosts(String upsId, int count, List<Host> hosts) {
    }

    private final Map<String, Map<String, NutClients>> byUps = new ConcurrentHashMap<>();

    /** The latest list of one replica replaces its previous one; an empty list removes it. */
    void update(NutClients list) {
        Map<String, NutClients> servers = byUps.computeIfAbsent(list.upsId(), k -> new ConcurrentHashMap<>());
        if (list.clients().isEmpty()) {
            servers.remove(list.serverId());
        } else {
            servers.merge(list.serverId(), list, (old, fresh) -> fresh.ts().isBefore(old.ts()) ? old : fresh);
        }
    }

    /** A replica's retained list was cleared (it stopped cleanly). */
    void cleared(String upsId, String serverId) {
        Map<String, NutClients> servers = byUps.get(upsId);
        if (servers != null) {
            servers.remove(serverId);
        }
    }

    public Hosts of(String upsId) {
        List<Host> hosts = new ArrayList<>();
        byUps.getOrDefault(upsId, Map.of()).values().forEach(list -> list.clients().forEach(c ->
                hosts.add(new Host(c.address(), c.user(), c.since(), list.serverId()))));
        hosts.sort(Comparator.comparing(Host::since));
        return new Hosts(upsId, hosts.size(), hosts);
    }
}
