package io.upsfleet.web.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.CommandArguments;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.Topics;
import io.upsfleet.web.audit.AuditLog;
import io.upsfleet.web.fleet.KnownUps;
import io.vertx.core.http.HttpServerRequest;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.problem.StrictBodyReader;
import io.upsfleet.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.upsfleet.web.problem.Params.intParam;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {

    private static final Logger LOG = Logger.getLogger(CommandResource.class);

    public record Accepted(String commandId, String upsId, String command, String status, String location) {
    }

    @Inject
    KnownUps knownUps;

    @Inject
    CommandRepository commands;

    @Inject
    CommandPublisher publisher;

    @Inject
    SecurityIdentity identity;

    @Inject
    MeterRegistry registry;

    @Inject
    AuditLog audit;

    @Inject
    HttpServerRequest http;

    private String address() {
        return http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }

    private static String argumentsOf(CommandRequest r) {
        StringBuilder s = new StringBuilder();
        if (r.testMinutes() != null) {
            s.append(" testMinutes=").append(r.testMinutes());
        }
        if (r.shutdownMinutes() != null) {
            s.append(" shutdownMinutes=").append(r.shutdownMinutes());
        }
        if (r.restoreMinutes() != null) {
            s.append(" restoreMinutes=").append(r.restoreMinutes());
        }
        return s.toString();
    }

    @POST
    @Path("/ups/{id}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @CustomDeserialization(StrictBodyReader.class)
    @Operation(summary = "Send a control command (operator/admin). 202 + Location of the command's status.")
    @RequestBody(description = "{\"command\":\"BATTERY_TEST_TIMED\",\"testMinutes\":5}; commands: BATTERY_TEST_QUICK, "
            + "BATTERY_TEST_DEEP, BATTERY_TEST_TIMED(testMinutes 1..99), CANCEL_TEST, BEEPER_TOGGLE, "
            + "SHUTDOWN(shutdownMinutes 0.2..0.9 or 1..10), SHUTDOWN_RESTORE(+restoreMinutes 1..9999), CANCEL_SHUTDOWN")
    public Uni<Response> submit(@PathParam("id") String id,
                                @NotNull(message = "the body must be a JSON object like {\"command\":\"BEEPER_TOGGLE\"}")
                                @Valid CommandBody body,
                                UriInfo uri) {
        String user = identity.getPrincipal().getName();
        return knownUps.require(id).chain(() -> {
            CommandRequest request = request(id, body, user);
            // audit first: a command that reaches the UPS is always on record
            return commands.insert(request)
                    .call(() -> audit.record(user, address(), AuditLog.COMMAND, id, body.command().name()
                            + " " + request.commandId() + argumentsOf(request)))
                    .chain(() -> publisher.publish(request).onFailure().recoverWithUni(e -> notSent(request, e)))
                    .map(x -> {
                        registry.counter("upsfleet.web.commands", "result", "sent", "command", body.command().name()).increment();
                        LOG.infof("command %s %s for %s requested by %s", request.commandId(), body.command(), id, user);
                        URI location = uri.getBaseUriBuilder().path("api/commands/{cid}").build(request.commandId());
                        return Response.accepted(new Accepted(request.commandId(), id, body.command().name(),
                                CommandRepository.PENDING, location.getPath())).location(location).build();
                    });
        });
    }

    private static CommandRequest request(String upsId, CommandBody body, String user) {
        // what the UPS will really do: 0.30000000000000004 minutes is S.3
        Double shutdownMinutes = body.shutdownMinutes() == null ? null
                : CommandArguments.normalizeShutdownMinutes(body.shutdownMinutes());
        return new CommandRequest(CommandRequest.VERSION, "cmd-" + UUID.randomUUID(), upsId, body.command(),
                body.testMinutes(), shutdownMinutes, body.restoreMinutes(), user, Instant.now());
    }

    private Uni<Void> notSent(CommandRequest request, Throwable e) {
        LOG.errorf("command %s for %s not sent: %s", request.commandId(), request.upsId(), e.toString());
        registry.counter("upsfleet.web.commands", "result", "not-sent").increment();
        return commands.markNotSent(request.commandId(), "MQTT broker unavailable")
                .onItem().failWith(() -> ProblemException.unavailable(
                        "the command could not be handed to the MQTT broker; it was not sent"));
    }

    @GET
    @Path("/commands/{commandId}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Status and outcome of one command")
    public Uni<CommandView> get(@PathParam("commandId") String commandId) {
        if (!Topics.isValidId(commandId)) {
            throw ProblemException.notFound("no command with id '" + commandId + "'");
        }
        return commands.find(commandId).map(found -> found.orElseThrow(
                () -> ProblemException.notFound("no command with id '" + commandId + "'")))
                .call(view -> knownUps.requireInScope(view.upsId()));
    }

    @GET
    @Path("/ups/{id}/commands")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Commands of one UPS, newest first")
    public Uni<List<CommandView>> forUps(@PathParam("id") String id, @QueryParam("limit") String limit) {
        int n = intParam("limit", limit, 50, 1, 500);
        return knownUps.require(id).chain(() -> commands.forUps(id, n));
    }
}
