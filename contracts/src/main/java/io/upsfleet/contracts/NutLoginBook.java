package io.upsfleet.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is logged in to each UPS over NUT, from nut-server's retained {@link NutClients} lists (one per UPS and
 * server replica): the hosts a UPS protects are the union of its lists. Thread-safe; kept in memory by
 * every consumer that needs it (web-api shows it, alert-service waits for those hosts to log out).
 */
public final class NutLoginBook {

    /** One logged-in host, with the nut-server replica it is connected to. */
    public record Host(String address, String user, Instant since, String server) {
    }

    private final Map<String, Map<String, NutClients>> byUps = new ConcurrentHashMap<>();

    /** A replica's latest list replaces its previous one (an older one never does); an empty list removes it. */
    public void update(NutClients list) {
        Map<String, NutClients> servers = byUps.computeIfAbsent(list.upsId(), k -> new ConcurrentHashMap<>());
        if (list.clients().isEmpty()) {
            servers.remove(list.serverId());
        } else {
            servers.merge(list.serverId(), list, (old, fresh) -> fresh.ts().isBefore(old.ts()) ? old : fresh);
        }
    }

    /** A replica's retained list was cleared (the replica stopped cleanly). */
    public void cleared(String upsId, String serverId) {
        Map<String, NutClients> servers = byUps.get(upsId);
        if (servers != null) {
            servers.remove(serverId);
        }
    }

    /** The hosts logged in to {@code upsId} on any replica, oldest login first. */
    public List<Host> hosts(String upsId) {
        List<Host> hosts = new ArrayList<>();
        byUps.getOrDefault(upsId, Map.of()).values().forEach(list -> list.clients().forEach(c ->
                hosts.add(new Host(c.address(), c.user(), c.since(), list.serverId()))));
        hosts.sort(Comparator.comparing(Host::since));
        return hosts;
    }

    /**
     * Takes one retained message of {@code topic} ({@code upsfleet/v1/ups/<ups>/nut-clients/<server>}): an empty
     * payload clears that replica's list, anything else must be a valid list of that UPS and replica.
     *
     * @throws InvalidPayloadException naming what is wrong
     */
    public void take(String topic, byte[] payload) {
        String upsId = Topics.upsIdOf(topic)
                .orElseThrow(() -> new InvalidPayloadException("topic '" + topic + "' names no UPS"));
        String serverId = topic.substring(topic.lastIndexOf('/') + 1);
        if (payload == null || payload.length == 0) {
            cleared(upsId, serverId);
            return;
        }
        NutClients list = UpsMessages.decode(topic, payload, NutClients.class);
        if (!list.serverId().equals(serverId)) {
            throw new InvalidPayloadException("NutClients: serverId '" + list.serverId() + "' does not match the topic's '"
                    + serverId + "'");
        }
        update(list);
    }
}
