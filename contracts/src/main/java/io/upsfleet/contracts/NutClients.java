package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The NUT clients (upsmon on the protected hosts) that are logged in to one UPS on one nut-server, published
 * retained on {@link Topics#nutClients(String, String)} whenever a client logs in or out, so that the
 * protective sequence can see which hosts are still there before it cuts the power ({@code NUMLOGINS} and
 * {@code LIST CLIENT} of the NUT protocol). An empty list means nobody is logged in on that server.
 *
 * @param v        payload version
 * @param upsId    the UPS the clients draw power from
 * @param serverId the nut-server replica they are connected to (each replica publishes its own topic)
 * @param ts       when this list was taken
 * @param clients  the logged-in clients, oldest login first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NutClients(int v, String upsId, String serverId, Instant ts, List<Client> clients) implements UpsPayload {

    public static final int VERSION = 1;
    private static final String TYPE = "NutClients";
    /** More logins than this on one UPS are not a plausible fleet, but a payload must stay bounded. */
    public static final int MAX_CLIENTS = 1000;

    /**
     * One login.
     *
     * @param address the client's IP address as the server saw it
     * @param user    the NUT user it authenticated as
     * @param since   when it sent LOGIN
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Client(String address, String user, Instant since) {
        public Client {
            Check.notNull(address, "clients.address", TYPE);
            Check.text(address, Text.NAME_MAX, "clients.address", TYPE);
            Check.text(user, Text.USER_MAX, "clients.user", TYPE);
            Check.notNull(since, "clients.since", TYPE);
        }
    }

    public NutClients {
        Check.version(v, VERSION, TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.id(serverId, "serverId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        clients = clients == null ? List.of() : List.copyOf(clients);
        if (clients.size() > MAX_CLIENTS) {
            throw new InvalidPayloadException(TYPE + ": field 'clients' holds " + clients.size() + " entries, at most "
                    + MAX_CLIENTS + " are allowed");
        }
    }
}
