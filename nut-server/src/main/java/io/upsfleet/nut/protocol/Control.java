package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.nut.fleet.UnitState;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import static io.upsfleet.nut.protocol.Reply.nowErr;
import static io.upsfleet.nut.protocol.Reply.nowLine;

/**
 * SET and INSTCMD (upsd's netset.c, netinstcmd.c). An instant command becomes a {@link CommandRequest} on the
 * UPS's command topic with the NUT user as {@code requestedBy}; OK is answered once the broker has it. The
 * tracking id is the command id, and GET TRACKING follows the gateway's result.
 */
final class Control {

    private final NutBackend backend;

    Control(NutBackend backend) {
        this.backend = backend;
    }

    CompletionStage<Reply> set(Session s, List<String> args) {
        if (args.size() < 2) {
            return nowErr("INVALID-ARGUMENT");
        }
        String sub = args.get(0).toUpperCase(Locale.ROOT);
        if (sub.equals("TRACKING")) {
            switch (args.get(1).toUpperCase(Locale.ROOT)) {
                case "ON" -> s.tracking(true);
                case "OFF" -> s.tracking(false);
                default -> {
                    return nowErr("INVALID-ARGUMENT");
                }
            }
            return nowLine("OK");
        }
        if (!sub.equals("VAR") || args.size() < 4) {
            return nowErr("INVALID-ARGUMENT");
        }
        Optional<UnitState> unit = backend.fleet().find(args.get(1));
        if (unit.isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        String unavailable = backend.unavailable(unit.get());
        if (unavailable != null) {
            return nowErr(unavailable);
        }
        if (!Users.mayDo(backend.access().user(s), "SET")) {
            return Reply.now(backend.access().denied(s));
        }
        // upsfleet has no writable variable (yet): an existing one is read-only
        boolean exists = Variables.of(unit.get(), backend.settings().version()).containsKey(args.get(2));
        return nowErr(exists ? "READONLY" : "VAR-NOT-SUPPORTED");
    }

    CompletionStage<Reply> instcmd(Session s, List<String> args) {
        if (args.size() < 2 || args.size() > 3) {
            return nowErr("INVALID-ARGUMENT");
        }
        Optional<UnitState> found = backend.fleet().find(args.get(0));
        if (found.isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        UnitState unit = found.get();
        String unavailable = backend.unavailable(unit);
        if (unavailable != null) {
            return nowErr(unavailable);
        }
        String name = args.get(1).toLowerCase(Locale.ROOT);
        if (!InstantCommands.offered(name)) {
            return nowErr("CMD-NOT-SUPPORTED");
        }
        Users.User user = backend.access().user(s);
        if (!Users.mayRun(user, name)) {
            return Reply.now(backend.access().denied(s));
        }
        InstantCommands.Plan plan = InstantCommands.plan(name, args.size() == 3 ? args.get(2) : null, unit.flags(),
                backend.settings().defaults());
        // a bare UUID, as upsd's tracking ids: upscmd -w only waits for an id of exactly 36 characters
        String commandId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        Instant now = backend.clock().instant();
        if (plan instanceof InstantCommands.Refused refused) {
            return nowErr(refused.error());
        }
        if (plan instanceof InstantCommands.AlreadyDone) {
            if (s.tracking()) {
                backend.tracking().succeeded(commandId, now);
            }
            return nowLine(ok(s, commandId));
        }
        InstantCommands.Send send = (InstantCommands.Send) plan;
        CommandRequest request = new CommandRequest(CommandRequest.VERSION, commandId, unit.upsId(), send.command(),
                send.testMinutes(), send.shutdownMinutes(), send.restoreMinutes(), user.name(), now);
        if (s.tracking()) {
            backend.tracking().pending(commandId, now);
        }
        return backend.sink().publish(request)
                .thenApply(sent -> Reply.line(ok(s, commandId)))
                .exceptionally(failed -> {
                    backend.tracking().result(commandId, io.upsfleet.contracts.CommandOutcome.REJECTED);
                    return Reply.err("INSTCMD-FAILED");
                });
    }

    private static String ok(Session s, String commandId) {
        return s.tracking() ? "OK TRACKING " + commandId : "OK";
    }
}
