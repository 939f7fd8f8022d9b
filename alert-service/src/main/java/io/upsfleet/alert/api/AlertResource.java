package io.upsfleet.alert.api;

import io.upsfleet.alert.notify.AlertEngine;
import io.upsfleet.alert.notify.AlertRepository;
import io.upsfleet.alert.notify.AlertRow;
import io.upsfleet.contracts.alerting.AlertAck;
import io.upsfleet.contracts.alerting.AlertState;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts over REST, for web-api (the only client, see {@link ApiClient}): list ({@code ?state=open|cleared|all},
 * optional {@code upsId}), one alert, and acknowledge ({@code POST /api/alerts/{id}/ack}, body {@link AlertAck}),
 * which stops escalation.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final Map<String, Set<AlertState>> STATES = Map.of(
            "open", AlertState.ACTIVE,
            "cleared", AlertState.OVER,
            "all", EnumSet.allOf(AlertState.class));

    @Inject
    AlertRepository alerts;
    @Inject
    AlertEngine engine;

    @GET
    public Response list(@QueryParam("state") String state, @QueryParam("upsId") String upsId,
                         @QueryParam("limit") Integer limit) {
        Set<AlertState> states = STATES.get(state == null ? "open" : state);
        if (states == null) {
            return Problems.badParameter("state must be one of open, cleared, all but was '" + state + "'");
        }
        Integer max = Problems.limit(limit, 500);
        if (max == null) {
            return Problems.badLimit(limit);
        }
        return Response.ok(alerts.list(states, upsId, max).stream().map(AlertRow::toAlert).toList()).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        UUID alertId = Problems.alertId(id);
        return alertId == null ? Problems.badAlertId(id) : found(id, alerts.find(alertId));
    }

    /** Idempotent: the first acknowledgement stands; answers with the alert. */
    @POST
    @Path("/{id}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ack(@PathParam("id") String id, AlertAck ack) {
        UUID alertId = Problems.alertId(id);
        if (alertId == null) {
            return Problems.badAlertId(id);
        }
        if (ack == null || ack.by() == null || ack.by().isBlank() || ack.by().length() > AlertAck.MAX_BY_LENGTH) {
            return Problems.badParameter("the body must be {\"by\": \"<who acknowledges>\"} (1.."
                    + AlertAck.MAX_BY_LENGTH + " characters)");
        }
        return found(id, engine.acknowledge(alertId, ack.by()));
    }

    private static Response found(String id, Optional<AlertRow> alert) {
        return alert.map(a -> Response.ok(a.toAlert()).build()).orElseGet(() -> Problems.notFound("no alert " + id));
    }
}
