package io.upsfleet.gateway.config;

import io.upsfleet.contracts.Topics;
import io.upsfleet.gateway.megatec.BatteryModel;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One UPS as the poller needs it, resolved from config or the fleet file with defaults applied.
 * Connection URIs: {@code tcp://host:port} or {@code serial:/dev/ttyUSB0?baud=2400&dtr=true&rts=false}.
 */
public record UpsDefinition(String id, Endpoint endpoint, Duration pollInterval, Duration timeout, int commLostAfter,
                            Duration reconnectMin, Duration reconnectMax, int overloadPercent,
                            BatteryModel battery, double replaceCellVoltage, Duration runtimeLow) {

    public sealed interface Endpoint permits Tcp, Serial, Rfc2217 {
    }

    /** A remote serial port over RFC 2217 (Telnet COM Port Control): the line is set from here. */
    public record Rfc2217(String host, int port, int baud, boolean dtr, boolean rts) implements Endpoint {
    }

    public record Tcp(String host, int port) implements Endpoint {
    }

    public record Serial(String path, int baud, boolean dtr, boolean rts) implements Endpoint {
    }

    public UpsDefinition {
        if (!Topics.isValidId(id)) {
            throw new IllegalArgumentException("UPS id '" + id + "' must match " + Topics.ID_PATTERN.pattern());
        }
        if (pollInterval.toMillis() < 100) {
            throw new IllegalArgumentException("UPS " + id + ": poll interval must be at least 100 ms");
        }
        if (timeout.toMillis() < 10) {
            throw new IllegalArgumentException("UPS " + id + ": timeout must be at least 10 ms");
        }
        if (commLostAfter < 1) {
            throw new IllegalArgumentException("UPS " + id + ": comm-lost-after must be at least 1");
        }
    }

    /** Parses a connection URI, with a message that says what a good one looks like. */
    public static Endpoint parseEndpoint(String id, String uri) {
        String hint = " (expected tcp://host:port, rfc2217://host:port?baud=2400&dtr=true&rts=false or serial:/dev/ttyXXX?baud=2400&dtr=true&rts=false)";
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("UPS " + id + ": connection uri is missing" + hint);
        }
        if (uri.startsWith("serial:")) {
            String rest = uri.substring("serial:".length());
            int q = rest.indexOf('?');
            String path = q < 0 ? rest : rest.substring(0, q);
            if (path.isBlank()) {
                throw new IllegalArgumentException("UPS " + id + ": serial uri has no port path: '" + uri + "'" + hint);
            }
            LineOptions line = LineOptions.parse(id, uri, q < 0 ? "" : rest.substring(q + 1));
            return new Serial(path, line.baud, line.dtr, line.rts);
        }
        if (uri.startsWith("rfc2217://")) {
            try {
                URI u = new URI(uri);
                if (u.getHost() != null && u.getPort() > 0 && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/"))) {
                    LineOptions line = LineOptions.parse(id, uri, u.getRawQuery() == null ? "" : u.getRawQuery());
                    return new Rfc2217(u.getHost(), u.getPort(), line.baud, line.dtr, line.rts);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new IllegalArgumentException("UPS " + id + ": bad connection uri '" + uri + "'" + hint);
        }
        try {
            URI u = new URI(uri);
            if ("tcp".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0) {
                return new Tcp(u.getHost(), u.getPort());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("UPS " + id + ": bad connection uri '" + uri + "'" + hint);
    }

    /** {@code baud}, {@code dtr}, {@code rts} of a serial line: 2400 baud, DTR on, RTS off unless told otherwise. */
    private record LineOptions(int baud, boolean dtr, boolean rts) {
        static LineOptions parse(String id, String uri, String query) {
            Map<String, String> params = new HashMap<>();
            if (!query.isEmpty()) {
                for (String kv : query.split("&")) {
                    String[] p = kv.split("=", 2);
                    String key = p[0].toLowerCase(Locale.ROOT);
                    if (!key.equals("baud") && !key.equals("dtr") && !key.equals("rts")) {
                        throw new IllegalArgumentException("UPS " + id + ": unknown line option '" + p[0] + "' in '" + uri
                                + "' (known: baud, dtr, rts)");
                    }
                    params.put(key, p.length > 1 ? p[1] : "");
                }
            }
            int baud;
            try {
                baud = Integer.parseInt(params.getOrDefault("baud", "2400"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("UPS " + id + ": baud must be a number in '" + uri + "'");
            }
            if (baud <= 0) {
                throw new IllegalArgumentException("UPS " + id + ": baud must be positive in '" + uri + "'");
            }
            return new LineOptions(baud, !"false".equals(params.getOrDefault("dtr", "true")),
                    "true".equals(params.getOrDefault("rts", "false")));
        }
    }
}
