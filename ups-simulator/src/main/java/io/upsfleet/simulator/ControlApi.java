package io.upsfleet.simulator;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small HTTP API to script the simulated fleet from tests, demos and curl:
 * <pre>
 * GET  /units                              all units with their state and port
 * GET  /units/{id}
 * POST /units/{id}/mains?state=fail|ok     (also /fleet/mains for every unit)
 * POST /units/{id}/load?percent=0..150
 * POST /units/{id}/charge?percent=0..100
 * POST /units/{id}/fault?mode=none|garbage|silence|truncated|slow|noise[&amp;millis=2000]
 * POST /units/{id}/internal-fault?on=true|false
 * POST /units/{id}/session?hangup=true|false&amp;idle-millis=0&amp;split-bytes=0&amp;split-gap-millis=0&amp;idle-crossing=false
 * POST /units/{id}/quirks?set=echo-only,no-info,stuck-shutdown-bit,ignores-commands,blank-firmware (empty: none)
 * </pre>
 */
public final class ControlApi implements AutoCloseable {

    private final MegatecSimulator simulator;
    private HttpServer server;

    public ControlApi(MegatecSimulator simulator) {
        this.simulator = simulator;
    }

    public int start(String host, int port) {
        server = simulator.vertx().createHttpServer().requestHandler(this::route);
        return MegatecSimulator.await(server.listen(port, host)).actualPort();
    }

    private void route(HttpServerRequest req) {
        try {
            String[] parts = req.path().replaceAll("^/+|/+$", "").split("/");
            if (req.method() == HttpMethod.GET && parts.length == 1 && parts[0].equals("units")) {
                JsonArray all = new JsonArray();
                simulator.units().forEach(u -> all.add(describe(u)));
                reply(req, 200, all.encodePrettily());
            } else if (req.method() == HttpMethod.GET && parts.length == 2 && parts[0].equals("units")) {
                reply(req, 200, describe(simulator.unit(parts[1])).encodePrettily());
            } else if (req.method() == HttpMethod.POST && parts.length == 3 && parts[0].equals("units")) {
                SimulatedUps ups = simulator.unit(parts[1]);
                apply(List.of(ups), parts[2], req);
                reply(req, 200, describe(ups).encodePrettily());
            } else if (req.method() == HttpMethod.POST && parts.length == 2 && parts[0].equals("fleet")) {
                apply(simulator.units(), parts[1], req);
                reply(req, 200, new JsonObject().put("units", simulator.units().size()).encode());
            } else {
                reply(req, 404, error("no such resource: " + req.method() + " " + req.path()));
            }
        } catch (IllegalArgumentException e) {
            reply(req, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            reply(req, 500, error(String.valueOf(e.getMessage())));
        }
    }

    private static void apply(Collection<SimulatedUps> units, String action, HttpServerRequest req) {
        switch (action) {
            case "mains" -> {
                String state = required(req, "state");
                if (!state.equals("fail") && !state.equals("ok")) {
                    throw new IllegalArgumentException("state must be fail or ok");
                }
                units.forEach(u -> u.setMainsOk(state.equals("ok")));
            }
            case "load" -> {
                int percent = number(req, "percent");
                units.forEach(u -> u.setLoadPercent(percent));
            }
            case "charge" -> {
                int percent = number(req, "percent");
                units.forEach(u -> u.setCharge(percent / 100.0));
            }
            case "fault" -> {
                FaultMode mode;
                try {
                    mode = FaultMode.valueOf(required(req, "mode").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("mode must be one of none, garbage, silence, truncated, slow, noise");
                }
                String millis = req.getParam("millis");
                int slow = millis == null ? 2000 : number(req, "millis");
                units.forEach(u -> u.setFaultMode(mode, slow));
            }
            case "internal-fault" -> {
                boolean on = Boolean.parseBoolean(required(req, "on"));
                units.forEach(u -> u.setInternalFault(on));
            }
            case "session" -> {
                Session session = new Session(Boolean.parseBoolean(req.getParam("hangup", "false")),
                        optionalNumber(req, "idle-millis"), optionalNumber(req, "split-bytes"),
                        optionalNumber(req, "split-gap-millis"), Boolean.parseBoolean(req.getParam("idle-crossing", "false")));
                units.forEach(u -> u.setSession(session));
            }
            case "quirks" -> {
                Set<Quirk> quirks = EnumSet.noneOf(Quirk.class);
                for (String name : req.getParam("set", "").split(",")) {
                    if (name.isBlank()) {
                        continue;
                    }
                    try {
                        quirks.add(Quirk.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown quirk '" + name + "'; known: echo-only, no-info, "
                                + "stuck-shutdown-bit, ignores-commands, blank-firmware");
                    }
                }
                units.forEach(u -> u.setQuirks(quirks));
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
    }

    private static String required(HttpServerRequest req, String name) {
        String value = req.getParam(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required");
        }
        return value;
    }

    private static int optionalNumber(HttpServerRequest req, String name) {
        return req.getParam(name) == null ? 0 : number(req, name);
    }

    private static int number(HttpServerRequest req, String name) {
        String value = required(req, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter '" + name + "' must be a whole number, was '" + value + "'");
        }
    }

    private JsonObject describe(SimulatedUps ups) {
        Map<String, Object> map = new LinkedHashMap<>(ups.snapshot());
        map.put("port", simulator.port(ups.id()));
        return new JsonObject(map);
    }

    private static String error(String message) {
        return new JsonObject().put("error", message).encode();
    }

    private static void reply(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    @Override
    public void close() {
        if (server != null) {
            MegatecSimulator.await(server.close());
        }
    }
}
