package io.upsfleet.nut.protocol;

import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.NutClients;
import io.upsfleet.nut.fleet.UnitState;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static io.upsfleet.nut.protocol.Reply.nowErr;
import static io.upsfleet.nut.protocol.Reply.nowLine;
import static io.upsfleet.nut.protocol.Words.quote;

/** GET and LIST, as upsd's netget.c and netlist.c answer them (same checks, same order, same words). */
final class Reads {

    private final NutBackend backend;

    Reads(NutBackend backend) {
        this.backend = backend;
    }

    /** The reply when the session may not read or named no subcommand; null to go on. */
    private CompletionStage<Reply> refused(Session s, List<String> args) {
        Reply refused = backend.access().readRefusal(s);
        if (refused != null) {
            return Reply.now(refused);
        }
        return args.isEmpty() ? nowErr("INVALID-ARGUMENT") : null;
    }

    CompletionStage<Reply> get(Session s, List<String> args) {
        CompletionStage<Reply> refused = refused(s, args);
        if (refused != null) {
            return refused;
        }
        String sub = args.get(0).toUpperCase(Locale.ROOT);
        if (sub.equals("TRACKING")) {
            if (args.size() < 2) {
                return nowLine(s.tracking() ? "ON" : "OFF");
            }
            return s.tracking() ? nowLine(backend.tracking().get(args.get(1), backend.clock().instant()))
                    : nowErr("FEATURE-NOT-CONFIGURED");
        }
        if (args.size() < 2) {
            return nowErr("INVALID-ARGUMENT");
        }
        String ups = args.get(1);
        if (sub.equals("UPSDESC")) {
            return withUnit(ups, false, u -> "UPSDESC " + ups + " " + quote(description(u, "Unavailable")));
        }
        if (sub.equals("NUMLOGINS")) {
            return withUnit(ups, true, u -> "NUMLOGINS " + ups + " " + backend.logins().count(u.upsId()));
        }
        if (args.size() < 3) {
            return nowErr("INVALID-ARGUMENT");
        }
        String name = args.get(2);
        return switch (sub) {
            case "VAR" -> name.toLowerCase(Locale.ROOT).startsWith("server.") ? serverVar(ups, name) : var(ups, name);
            case "TYPE" -> withVar(ups, name, v -> "TYPE " + ups + " " + name + (Variables.isString(name) ? " STRING:64" : " NUMBER"));
            case "DESC" -> withUnit(ups, true, u -> "DESC " + ups + " " + name + " " + quote(Descriptions.variable(name)));
            case "CMDDESC" -> withUnit(ups, true, u -> "CMDDESC " + ups + " " + name + " " + quote(Descriptions.command(name)));
            default -> nowErr("INVALID-ARGUMENT");
        };
    }

    CompletionStage<Reply> list(Session s, List<String> args) {
        CompletionStage<Reply> refused = refused(s, args);
        if (refused != null) {
            return refused;
        }
        String sub = args.get(0).toUpperCase(Locale.ROOT);
        if (sub.equals("UPS")) {
            StringBuilder out = new StringBuilder("BEGIN LIST UPS\n");
            for (UnitState u : backend.fleet().list()) {
                out.append("UPS ").append(u.upsId()).append(' ').append(quote(description(u, "Description unavailable"))).append('\n');
            }
            return Reply.now(new Reply(out.append("END LIST UPS\n").toString(), Reply.After.NONE));
        }
        if (args.size() < 2) {
            return nowErr("INVALID-ARGUMENT");
        }
        String ups = args.get(1);
        String head = sub + " " + ups;
        switch (sub) {
            case "VAR":
                return listOf(ups, true, head, u -> {
                    StringBuilder b = new StringBuilder();
                    for (Map.Entry<String, String> v : vars(u).entrySet()) {
                        b.append("VAR ").append(ups).append(' ').append(v.getKey()).append(' ').append(quote(v.getValue())).append('\n');
                    }
                    return b;
                });
            case "RW":
                return listOf(ups, true, head, u -> new StringBuilder());
            case "CMD":
                return listOf(ups, true, head, u -> {
                    StringBuilder b = new StringBuilder();
                    InstantCommands.NAMES.forEach(c -> b.append("CMD ").append(ups).append(' ').append(c).append('\n'));
                    return b;
                });
            case "CLIENT":
                return listOf(ups, false, head, u -> {
                    StringBuilder b = new StringBuilder();
                    for (NutClients.Client c : backend.logins().clients(u.upsId())) {
                        b.append("CLIENT ").append(ups).append(' ').append(c.address()).append('\n');
                    }
                    return b;
                });
            default:
                break;
        }
        if (args.size() < 3) {
            return nowErr("INVALID-ARGUMENT");
        }
        if (sub.equals("ENUM") || sub.equals("RANGE")) {
            // no variable is writable, so none has values to choose from: an empty list for one that exists
            String name = args.get(2);
            return withVar(ups, name, v -> "BEGIN LIST " + head + " " + name + "\nEND LIST " + head + " " + name);
        }
        return nowErr("INVALID-ARGUMENT");
    }

    private Map<String, String> vars(UnitState u) {
        return Variables.of(u, backend.settings().version());
    }

    private CompletionStage<Reply> var(String ups, String name) {
        return withVar(ups, name, value -> "VAR " + ups + " " + name + " " + quote(value));
    }

    private CompletionStage<Reply> serverVar(String ups, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "server.info" -> nowLine("VAR " + ups + " server.info " + quote("upsfleet nut-server " + backend.settings().version()));
            case "server.version" -> nowLine("VAR " + ups + " server.version " + quote(backend.settings().version()));
            default -> nowErr("VAR-NOT-SUPPORTED");
        };
    }

    /** A reply about one variable of an available unit; VAR-NOT-SUPPORTED when the unit has no such value. */
    private CompletionStage<Reply> withVar(String ups, String name, Function<String, String> answer) {
        Optional<UnitState> unit = backend.fleet().find(ups);
        if (unit.isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        String unavailable = backend.unavailable(unit.get());
        if (unavailable != null) {
            return nowErr(unavailable);
        }
        String value = vars(unit.get()).get(name);
        return value == null ? nowErr("VAR-NOT-SUPPORTED") : nowLine(answer.apply(value));
    }

    /** A reply about a unit; {@code checkData}: refuse a stale unit as upsd's ups_available() does. */
    private CompletionStage<Reply> withUnit(String ups, boolean checkData, Function<UnitState, String> answer) {
        Optional<UnitState> unit = backend.fleet().find(ups);
        if (unit.isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        String unavailable = checkData ? backend.unavailable(unit.get()) : null;
        return unavailable != null ? nowErr(unavailable) : nowLine(answer.apply(unit.get()));
    }

    private CompletionStage<Reply> listOf(String ups, boolean checkData, String head, Function<UnitState, StringBuilder> items) {
        return withUnit(ups, checkData, u -> "BEGIN LIST " + head + "\n" + items.apply(u) + "END LIST " + head);
    }

    /** Manufacturer and model when the UPS told them, else {@code none}. */
    private static String description(UnitState u, String none) {
        Identity id = u.identity();
        if (id == null || (id.manufacturer() == null && id.model() == null)) {
            return none;
        }
        String text = ((id.manufacturer() == null ? "" : id.manufacturer().trim()) + " "
                + (id.model() == null ? "" : id.model().trim())).trim();
        return text.isEmpty() ? none : text;
    }
}
