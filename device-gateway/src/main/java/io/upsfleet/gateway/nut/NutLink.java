package io.upsfleet.gateway.nut;

import io.upsfleet.gateway.config.UpsDefinition;
import io.upsfleet.gateway.link.LinkException;
import io.upsfleet.gateway.link.UpsLink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A UPS served by a NUT server (upsd, or nut-server), spoken to as the poller speaks to every UPS: Megatec.
 * {@code Q1} asks {@code LIST VAR <ups>} and answers with the Q1 line those variables make ({@link MegatecOverNut});
 * {@code I} and {@code F} are answered from the same variables; a command becomes {@code INSTCMD} after
 * {@code USERNAME}/{@code PASSWORD} (once per connection): {@code OK} is silence (accepted, then confirmed by
 * the status as for any UPS), {@code ERR CMD-NOT-SUPPORTED} or {@code INVALID-ARGUMENT} an echo (unsupported),
 * any other {@code ERR} the reply itself (rejected). {@code ERR DATA-STALE} on a poll is no reply (the server has
 * no fresh data: after {@code comm-lost-after} polls the UPS is COMM_LOST). One TCP connection per UPS, on the
 * poller's Vert.x context, reopened after a reset.
 */
public final class NutLink implements UpsLink, BatteryFigures {

    /** A NUT reply line is short; a longer one is not NUT. */
    private static final int MAX_LINE = 4096;
    /** The server answers INSTCMD once it has passed the command on (nut-server: once the broker has it). */
    private static final Duration MIN_COMMAND_TIME = Duration.ofSeconds(5);

    private final Context context;
    private final NetClient client;
    private final UpsDefinition.Nut target;
    private NetSocket socket;
    private boolean loggedIn;
    /** The NUT request in flight and the lines of its reply so far. */
    private Promise<List<String>> pending;
    private boolean pendingList;
    private List<String> lines;
    /** The whole Megatec request in flight (one or more NUT requests). */
    private Promise<String> outer;
    private long timer = -1;
    private Map<String, String> lastVars;

    public NutLink(Context context, NetClient client, UpsDefinition.Nut target) {
        this.context = context;
        this.client = client;
        this.target = target;
    }

    @Override
    public Future<String> request(String request, Duration timeout) {
        if (outer != null) {
            return Future.failedFuture(new IllegalStateException("request already in flight on " + describe()));
        }
        Optional<MegatecOverNut.InstantCommand> command = MegatecOverNut.instantCommand(request);
        boolean query = request.equals("Q1") || request.equals("I") || request.equals("F");
        if (!query && command.isEmpty()) {
            return Future.succeededFuture(request); // no NUT equivalent: answered like a UPS that does not know it, by an echo
        }
        Promise<String> promise = Promise.promise();
        outer = promise;
        Duration limit = query ? timeout : (timeout.compareTo(MIN_COMMAND_TIME) < 0 ? MIN_COMMAND_TIME : timeout);
        timer = context.owner().setTimer(Math.max(1, limit.toMillis()), id -> {
            timer = -1;
            reset(); // a late answer must never be taken for the next request's
            finish(null);
        });
        Future<String> work = query ? query(request) : instcmd(request, command.get());
        work.onComplete(ar -> {
            if (ar.succeeded()) {
                finish(ar.result());
            } else {
                Promise<String> p = takeOuter();
                if (p != null) {
                    p.fail(ar.cause() instanceof LinkException ? ar.cause()
                            : new LinkException(describe() + ": " + ar.cause().getMessage(), ar.cause()));
                }
            }
        });
        return promise.future();
    }

    private Future<String> query(String request) {
        if (!request.equals("Q1") && lastVars != null) {
            return Future.succeededFuture(request.equals("I") ? MegatecOverNut.identity(lastVars) : MegatecOverNut.rating(lastVars));
        }
        return send("LIST VAR " + target.upsName(), true).compose(reply -> {
            String first = reply.get(0);
            if (first.startsWith("ERR DATA-STALE")) {
                return Future.succeededFuture(null);
            }
            if (first.startsWith("ERR")) {
                return Future.failedFuture(new LinkException(describe() + " answered LIST VAR with " + first));
            }
            Map<String, String> vars = new HashMap<>();
            for (String line : reply) {
                List<String> w = NutWords.split(line);
                if (w.size() >= 4 && w.get(0).equals("VAR")) {
                    vars.put(w.get(2), w.get(3));
                }
            }
            lastVars = vars;
            return Future.succeededFuture(switch (request) {
                case "I" -> MegatecOverNut.identity(vars);
                case "F" -> MegatecOverNut.rating(vars);
                default -> MegatecOverNut.status(vars);
            });
        });
    }

    private Future<String> instcmd(String megatec, MegatecOverNut.InstantCommand command) {
        Future<List<String>> login = loggedIn || target.user() == null ? Future.succeededFuture(List.of("OK"))
                : send("USERNAME " + NutWords.quote(target.user()), false).compose(r -> r.get(0).startsWith("OK")
                ? send("PASSWORD " + NutWords.quote(target.password() == null ? "" : target.password()), false)
                : Future.succeededFuture(r));
        return login.compose(r -> {
            if (!r.get(0).startsWith("OK")) {
                return Future.succeededFuture(r.get(0)); // e.g. ERR ACCESS-DENIED: the command is rejected with it
            }
            loggedIn = target.user() != null;
            return send("INSTCMD " + target.upsName() + " " + command.name()
                    + (command.value() == null ? "" : " " + command.value()), false).map(reply -> {
                String line = reply.get(0);
                if (line.startsWith("OK")) {
                    return null;
                }
                if (line.startsWith("ERR CMD-NOT-SUPPORTED") || line.startsWith("ERR INVALID-ARGUMENT")) {
                    return megatec;
                }
                return line;
            });
        });
    }

    /** Sends one NUT request and completes with its reply: one line, or for a LIST up to END LIST (or an ERR). */
    private Future<List<String>> send(String request, boolean list) {
        Future<NetSocket> connected = socket != null ? Future.succeededFuture(socket) : connect();
        return connected.compose(s -> {
            Promise<List<String>> p = Promise.promise();
            pending = p;
            pendingList = list;
            lines = new ArrayList<>();
            s.write(Buffer.buffer(request + "\n", StandardCharsets.US_ASCII.name()))
                    .onFailure(e -> failPending(new LinkException("write to " + describe() + " failed: " + e.getMessage(), e)));
            return p.future();
        });
    }

    private Future<NetSocket> connect() {
        return client.connect(target.port(), target.host())
                .recover(e -> Future.failedFuture(new LinkException("cannot connect to " + describe() + ": " + e.getMessage(), e)))
                .map(s -> {
                    RecordParser parser = RecordParser.newDelimited("\n", record -> onLine(record.toString(StandardCharsets.ISO_8859_1)));
                    parser.maxRecordSize(MAX_LINE);
                    parser.exceptionHandler(e -> {
                        failPending(new LinkException("line from " + describe() + " longer than " + MAX_LINE + " bytes"));
                        reset();
                    });
                    s.handler(parser);
                    s.closeHandler(v -> {
                        if (socket == s) {
                            socket = null;
                            loggedIn = false;
                            failPending(new LinkException("connection to " + describe() + " closed"));
                        }
                    });
                    s.exceptionHandler(e -> failPending(new LinkException("connection to " + describe() + " failed: " + e.getMessage(), e)));
                    socket = s;
                    loggedIn = false;
                    return s;
                });
    }

    private void onLine(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        Promise<List<String>> p = pending;
        if (p == null) {
            return; // a late reply to a request that timed out: dropped (the link is reset after a timeout)
        }
        lines.add(line);
        boolean done = !pendingList || line.startsWith("ERR") || line.startsWith("END LIST");
        if (done) {
            pending = null;
            p.complete(lines);
        }
    }

    private void failPending(Throwable error) {
        Promise<List<String>> p = pending;
        pending = null;
        if (p != null) {
            p.fail(error);
        }
    }

    private void finish(String reply) {
        Promise<String> p = takeOuter();
        if (p != null) {
            p.complete(reply);
        }
    }

    private Promise<String> takeOuter() {
        Promise<String> p = outer;
        outer = null;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        return p;
    }

    @Override
    public Double batteryCharge() {
        return lastVars == null ? null : MegatecOverNut.batteryCharge(lastVars);
    }

    @Override
    public Integer batteryRuntimeSeconds() {
        return lastVars == null ? null : MegatecOverNut.batteryRuntime(lastVars);
    }

    @Override
    public void reset() {
        NetSocket s = socket;
        socket = null;
        loggedIn = false;
        pending = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String describe() {
        return "nut://" + target.host() + ":" + target.port() + "/" + target.upsName();
    }

    @Override
    public void close() {
        Promise<String> p = takeOuter();
        if (p != null) {
            p.fail(new LinkException("link to " + describe() + " closed"));
        }
        reset();
    }
}
