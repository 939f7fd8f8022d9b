package io.upsfleet.nut.protocol;

import io.upsfleet.nut.fleet.UnitState;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static io.upsfleet.nut.protocol.Reply.nowErr;
import static io.upsfleet.nut.protocol.Reply.nowLine;

/**
 * The NUT network protocol (RFC 9271, NUT 2.8's protocol 1.3) as upsd speaks it: one request line in, one
 * reply out, in order. The session commands live here; reads in {@link Reads}, control in {@link Control}.
 * Errors, their order and the reply texts follow upsd (server/net*.c), so real NUT clients cannot tell.
 */
public final class NutProtocol {

    public static final String NETVER = "1.3";

    private final NutBackend backend;
    private final Reads reads;
    private final Control control;

    public NutProtocol(NutBackend backend) {
        this.backend = backend;
        this.reads = new Reads(backend);
        this.control = new Control(backend);
    }

    public NutBackend backend() {
        return backend;
    }

    public CompletionStage<Reply> handle(Session s, String line) {
        List<String> words = Words.split(line);
        if (words.isEmpty()) {
            return nowErr("UNKNOWN-COMMAND");
        }
        String command = words.get(0).toUpperCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        return switch (command) {
            case "VER" -> noArgs(args, "upsfleet nut-server " + backend.settings().version()
                    + " - NUT network protocol " + NETVER + " - https://www.networkupstools.org/");
            case "NETVER", "PROTVER" -> noArgs(args, NETVER);
            case "HELP" -> noArgs(args, "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS");
            case "STARTTLS" -> startTls(s, args);
            case "USERNAME" -> credential(s, args, false);
            case "PASSWORD" -> credential(s, args, true);
            case "LOGOUT" -> args.isEmpty() ? Reply.now(new Reply("OK Goodbye\n", Reply.After.CLOSE)) : nowErr("INVALID-ARGUMENT");
            case "GET" -> reads.get(s, args);
            case "LIST" -> reads.list(s, args);
            case "LOGIN" -> withUser(s, () -> login(s, args));
            case "PRIMARY", "MASTER" -> withUser(s, () -> primary(s, args, command));
            case "FSD" -> withUser(s, () -> fsd(s, args));
            case "SET" -> withUser(s, () -> control.set(s, args));
            case "INSTCMD" -> withUser(s, () -> control.instcmd(s, args));
            default -> nowErr("UNKNOWN-COMMAND");
        };
    }

    /** The connection is gone: its login ends (how a primary sees a secondary leave). */
    public void closed(Session s) {
        if (s.loginUps() != null) {
            backend.logins().logout(s.loginUps(), s.id());
            s.loginUps(null);
        }
    }

    private static CompletionStage<Reply> noArgs(List<String> args, String answer) {
        return args.isEmpty() ? nowLine(answer) : nowErr("INVALID-ARGUMENT");
    }

    /** upsd's FLAG_USER: USERNAME and PASSWORD must have been sent (whether they are right is checked later). */
    private static CompletionStage<Reply> withUser(Session s, Supplier<CompletionStage<Reply>> action) {
        String missing = Access.missing(s);
        return missing != null ? nowErr(missing) : action.get();
    }

    private CompletionStage<Reply> startTls(Session s, List<String> args) {
        if (!args.isEmpty()) {
            return nowErr("INVALID-ARGUMENT");
        }
        if (s.tls()) {
            return nowErr("ALREADY-SSL-MODE");
        }
        if (!backend.settings().tlsEnabled()) {
            return nowErr("FEATURE-NOT-CONFIGURED");
        }
        return Reply.now(new Reply("OK STARTTLS\n", Reply.After.STARTTLS));
    }

    /** USERNAME and PASSWORD: each once per connection; refused in clear text where TLS is required. */
    private CompletionStage<Reply> credential(Session s, List<String> args, boolean password) {
        if (args.size() != 1) {
            return nowErr("INVALID-ARGUMENT");
        }
        if (backend.access().credentialsRefused(s)) {
            return nowErr("ACCESS-DENIED");
        }
        if ((password ? s.password() : s.username()) != null) {
            return nowErr(password ? "ALREADY-SET-PASSWORD" : "ALREADY-SET-USERNAME");
        }
        if (password && args.get(0).isEmpty()) {
            return nowErr("INVALID-PASSWORD");
        }
        if (password) {
            s.password(args.get(0));
        } else {
            s.username(args.get(0));
        }
        return nowLine("OK");
    }

    private CompletionStage<Reply> login(Session s, List<String> args) {
        if (args.size() != 1) {
            return nowErr("INVALID-ARGUMENT");
        }
        if (s.loginUps() != null) {
            return nowErr("ALREADY-LOGGED-IN");
        }
        Optional<UnitState> unit = backend.fleet().find(args.get(0));
        if (unit.isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        Users.User user = backend.access().user(s);
        if (!Users.mayDo(user, "LOGIN")) {
            return Reply.now(backend.access().denied(s));
        }
        String upsId = unit.get().upsId();
        backend.logins().login(upsId, s.id(), s.address(), user.name(), backend.clock().instant());
        s.loginUps(upsId);
        return nowLine("OK");
    }

    private CompletionStage<Reply> primary(Session s, List<String> args, String command) {
        if (args.size() != 1) {
            return nowErr("INVALID-ARGUMENT");
        }
        if (backend.fleet().find(args.get(0)).isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        if (!Users.mayDo(backend.access().user(s), "PRIMARY")) {
            return Reply.now(backend.access().denied(s));
        }
        return nowLine("OK " + command + "-GRANTED");
    }

    private CompletionStage<Reply> fsd(Session s, List<String> args) {
        if (args.size() != 1) {
            return nowErr("INVALID-ARGUMENT");
        }
        Optional<UnitState> unit = backend.fleet().find(args.get(0));
        if (unit.isEmpty()) {
            return nowErr("UNKNOWN-UPS");
        }
        if (!Users.mayDo(backend.access().user(s), "FSD")) {
            return Reply.now(backend.access().denied(s));
        }
        backend.fleet().latchFsd(unit.get().upsId());
        return nowLine("OK FSD-SET");
    }
}
