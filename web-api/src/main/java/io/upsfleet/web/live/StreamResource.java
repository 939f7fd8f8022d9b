package io.upsfleet.web.live;

import io.smallrye.mutiny.Multi;
import io.upsfleet.contracts.Json;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Server-Sent Events: event name = {@link LiveEvent#type()} (status, alarm, command), data = the
 * LiveEvent as JSON. A comment line every few seconds keeps proxies from closing an idle stream.
 */
@Path("/api")
@RolesAllowed(Roles.VIEWER)
public class StreamResource {

    @Inject
    LiveHub hub;

    @Context
    Sse sse;

    @Inject
    SseConfig config;

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live status changes, alarms and command results of the whole fleet (SSE)")
    public Multi<OutboundSseEvent> fleet() {
        return events(hub.stream());
    }

    @GET
    @Path("/ups/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live status changes, alarms and command results of one UPS (SSE)")
    public Multi<OutboundSseEvent> ups(@PathParam("id") String id) {
        Params.upsId(id);
        return events(hub.stream().select().where(e -> id.equals(e.upsId())));
    }

    private Multi<OutboundSseEvent> events(Multi<LiveEvent> live) {
        Multi<OutboundSseEvent> data = live.map(e -> sse.newEventBuilder()
                .name(e.type())
                .data(String.class, Json.toString(e))
                .build());
        Multi<OutboundSseEvent> beats = Multi.createFrom().ticks().every(config.heartbeat())
                .onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        // an immediate comment makes the response start now, so the client sees the stream open
        Multi<OutboundSseEvent> hello = Multi.createFrom().item(sse.newEventBuilder().name("hello").data(String.class, "{}").build());
        return Multi.createBy().concatenating().streams(hello, Multi.createBy().merging().streams(data, beats));
    }
}
