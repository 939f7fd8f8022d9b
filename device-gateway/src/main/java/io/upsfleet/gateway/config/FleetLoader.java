package io.upsfleet.gateway.config;

import io.upsfleet.gateway.megatec.BatteryModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the list of UPS units from configuration entries and the optional fleet file
 * ({@code id,uri[,key=value;key=value]}, '#' comments). Any mistake stops the start with a message
 * naming the line and the problem: a gateway that silently skips a UPS would be worse.
 */
public final class FleetLoader {

    private FleetLoader() {
    }

    public static List<UpsDefinition> load(GatewayConfig config) {
        Map<String, UpsDefinition> fleet = new LinkedHashMap<>();
        config.ups().forEach((id, ups) -> fleet.put(id, define(config.defaults(), id, ups.uri(), Map.of(
                "poll-interval", ups.pollInterval().map(Duration::toString).orElse(""),
                "timeout", ups.timeout().map(Duration::toString).orElse(""),
                "cells", ups.cells().map(String::valueOf).orElse(""),
                "cell-empty", ups.cellEmpty().map(String::valueOf).orElse(""),
                "cell-full", ups.cellFull().map(String::valueOf).orElse(""),
                "runtime-full-load", ups.runtimeFullLoad().map(Duration::toString).orElse(""),
                "runtime-low", ups.runtimeLow().map(Duration::toString).orElse("")))));
        Optional<String> file = config.fleetFile().filter(f -> !f.isBlank());
        if (file.isPresent()) {
            for (UpsDefinition def : readFile(config.defaults(), Path.of(file.get()))) {
                if (fleet.putIfAbsent(def.id(), def) != null) {
                    throw new IllegalArgumentException("UPS " + def.id() + " is defined twice (config and " + file.get() + ")");
                }
            }
        }
        return new ArrayList<>(fleet.values());
    }

    static List<UpsDefinition> readFile(GatewayConfig.Defaults defaults, Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read fleet file " + path + ": " + e.getMessage(), e);
        }
        List<UpsDefinition> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(",", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException(path + ":" + (i + 1) + ": expected id,uri[,key=value;...] but got '" + line + "'");
            }
            String id = parts[0].trim();
            Integer previous = seen.put(id, i + 1);
            if (previous != null) {
                throw new IllegalArgumentException(path + ":" + (i + 1) + ": UPS " + id + " already defined on line " + previous);
            }
            Map<String, String> options = new HashMap<>();
            if (parts.length == 3 && !parts[2].isBlank()) {
                for (String kv : parts[2].split(";")) {
                    String[] p = kv.split("=", 2);
                    if (p.length != 2) {
                        throw new IllegalArgumentException(path + ":" + (i + 1) + ": option '" + kv + "' is not key=value");
                    }
                    options.put(p[0].trim(), p[1].trim());
                }
            }
            try {
                out.add(define(defaults, id, parts[1].trim(), options));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static UpsDefinition define(GatewayConfig.Defaults d, String id, String uri, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!List.of("poll-interval", "timeout", "cells", "cell-empty", "cell-full", "runtime-full-load", "runtime-low").contains(key)) {
                throw new IllegalArgumentException("UPS " + id + ": unknown option '" + key + "'");
            }
        }
        GatewayConfig.Battery b = d.battery();
        try {
            BatteryModel battery = new BatteryModel(
                    intOr(options.get("cells"), b.cells()),
                    doubleOr(options.get("cell-empty"), b.cellEmpty()),
                    doubleOr(options.get("cell-full"), b.cellFull()),
                    durationOr(options.get("runtime-full-load"), b.runtimeFullLoad()).toMillis() / 1000.0);
            return new UpsDefinition(id, UpsDefinition.parseEndpoint(id, uri),
                    durationOr(options.get("poll-interval"), d.pollInterval()),
                    durationOr(options.get("timeout"), d.timeout()),
                    d.commLostAfter(), d.reconnectMin(), d.reconnectMax(), d.overloadPercent(), battery, b.replaceCellVoltage(),
                    durationOr(options.get("runtime-low"), b.runtimeLow().orElse(null)));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("UPS " + id + ": bad option value (" + e.getMessage() + ")", e);
        }
    }

    private static int intOr(String value, int fallback) {
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static double doubleOr(String value, double fallback) {
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value);
    }

    private static Duration durationOr(String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        // Accept "2s", "500ms" as well as ISO-8601 "PT2S".
        String v = value.trim();
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.parse(v);
    }
}
