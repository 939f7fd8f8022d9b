package io.upsfleet.web.live;

import io.smallrye.mutiny.Multi;
import io.upsfleet.contracts.Json;
import io.upsfleet.web.problem.Params;
import io.quarkus.security.identity.SecurityIdentity;
import io.upsfleet.web.fleet.KnownUps;
import io.upsfleet.web.fleet.SiteDirectory;
import io.upsfleet.web.security.Roles;
import io.upsfleet.web.security.SiteScope;
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

    @Inject
    SecurityIdentity identity;

    @Inject
    SiteDirectory directory;

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live status changes, alarms and command results of the whole fleet (SSE)")
    public Multi<OutboundSseEvent> fleet() {
        return events(visible(hub.stream()));
    }

    @GET
    @Path("/ups/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live status changes, alarms and command results of one UPS (SSE)")
    public Multi<OutboundSseEvent> ups(@PathParam("id") String id) {
        Params.upsId(id);
        SiteScope scope = SiteScope.of(identity);
        String site = directory.siteOf(id);
        if (!scope.everySite() && site != null && !scope.allows(site)) {
            throw KnownUps.outsideScope(id, scope);
        }
        return events(visible(hub.stream().select().where(e -> id.equals(e.upsId()))));
    }

    /** Only events of UPS units in the caller's sites (scope taken now: the identity is not used later). */
    private Multi<LiveEvent> visible(Multi<LiveEvent> live) {
        SiteScope scope = SiteScope.of(identity);
        if (scope.everySite()) {
            return live;
        }
        return live.select().where(e -> scope.allows(directory.siteOf(e.upsId())));
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
