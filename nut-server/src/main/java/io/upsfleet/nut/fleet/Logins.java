package io.upsfleet.nut.fleet;

import io.upsfleet.contracts.NutClients;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Who did {@code LOGIN} on which UPS (NUT's NUMLOGINS and LIST CLIENT): one entry per connection, removed
 * when the connection ends (LOGOUT, idle timeout, a dropped socket), which is how a primary learns that a
 * secondary has gone down. The UPS units whose list changed are remembered until {@link #drainChanged()}
 * takes them (the publisher of the lists on the bus, from one thread, so the last list published is the last
 * list).
 */
public final class Logins {

    /** One login: the connection it lives on, and what {@link NutClients.Client} shows of it. */
    public record Login(long connection, NutClients.Client client) {
    }

    private final Map<String, List<Login>> byUps = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    public void login(String upsId, long connection, String address, String user, Instant since) {
        byUps.compute(upsId, (id, list) -> {
            List<Login> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(new Login(connection, new NutClients.Client(address, user, since)));
            return List.copyOf(next);
        });
        changed.add(upsId);
    }

    public void logout(String upsId, long connection) {
        boolean[] removed = {false};
        byUps.computeIfPresent(upsId, (id, list) -> {
            List<Login> next = new ArrayList<>(list);
            removed[0] = next.removeIf(l -> l.connection() == connection);
            return next.isEmpty() ? null : List.copyOf(next);
        });
        if (removed[0]) {
            changed.add(upsId);
        }
    }

    public int count(String upsId) {
        return byUps.getOrDefault(upsId, List.of()).size();
    }

    /** The clients logged in to {@code upsId}, oldest first. */
    public List<NutClients.Client> clients(String upsId) {
        List<Login> logins = byUps.getOrDefault(upsId, List.of());
        List<NutClients.Client> out = new ArrayList<>(logins.size());
        logins.forEach(l -> out.add(l.client()));
        return out;
    }

    /** Mark a UPS's list for publishing again (a stale list was seen on the bus). */
    public void markChanged(String upsId) {
        changed.add(upsId);
    }

    /** The UPS units whose list changed since the last call. */
    public List<String> drainChanged() {
        List<String> out = new ArrayList<>();
        for (String id : changed) {
            if (changed.remove(id)) {
                out.add(id);
            }
        }
        return out;
    }

    public int total() {
        int n = 0;
        for (List<Login> l : byUps.values()) {
            n += l.size();
        }
        return n;
    }
}
