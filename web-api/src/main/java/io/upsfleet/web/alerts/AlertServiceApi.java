package io.upsfleet.web.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.alerting.Alert;
import io.upsfleet.contracts.alerting.AlertAck;
import io.upsfleet.contracts.alerting.ProtectStep;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** alert-service's REST API as web-api calls it (see {@link AlertService} for the client's settings). */
@Produces(MediaType.APPLICATION_JSON)
public interface AlertServiceApi {

    @GET
    @Path("/api/alerts")
    Uni<List<Alert>> alerts(@QueryParam("state") String state, @QueryParam("upsId") String upsId,
                            @QueryParam("limit") Integer limit);

    @POST
    @Path("/api/alerts/{id}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Alert> ack(@PathParam("id") UUID alertId, AlertAck ack);

    @GET
    @Path("/api/protect/events")
    Uni<List<ProtectStep>> protectSteps(@QueryParam("upsId") String upsId, @QueryParam("limit") Integer limit);

    /**
     * alert-service's JSON is read with the contracts' mapping, which ignores fields it does not know (a
     * newer alert-service may add some), not with web-api's strict one for request bodies.
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultMapper) {
        return Json.mapper();
    }
}
