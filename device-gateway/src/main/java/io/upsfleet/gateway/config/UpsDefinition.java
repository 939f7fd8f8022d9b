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
 * Connection URIs: {@code tcp://host:port}, {@code serial:/dev/ttyUSB0?baud=2400&dtr=true&rts=false}, or
 * {@code nut://[user:password@]host[:3493]/upsname} (a UPS that a NUT upsd serves, see {@code gateway.nut}).
 */
public record UpsDefinition(String id, Endpoint endpoint, Duration pollInterval, Duration timeout, int commLostAfter,
                            Duration reconnectMin, Duration reconnectMax, int overloadPercent,
                            BatteryModel battery, double replaceCellVoltage, Duration runtimeLow) {

    public sealed interface Endpoint permits Tcp, Serial, Rfc2217, Nut {
    }

    /** A remote serial port over RFC 2217 (Telnet COM Port Control): the line is set from here. */
    public record Rfc2217(String host, int port, int baud, boolean dtr, boolean rts) implements Endpoint {
    }

    public record Tcp(String host, int port) implements Endpoint {
    }

    public record Serial(String path, int baud, boolean dtr, boolean rts) implements Endpoint {
    }

    /** A UPS served by a NUT server; user and password (null when absent) are needed for instant commands only. */
    public record Nut(String host, int port, String user, String password, String upsName) implements Endpoint {
        @Override
        public String toString() {
            return "Nut[" + upsName + "@" + host + ":" + port + (user == null ? "" : ", user " + user) + "]"; // never the password
        }
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
        String hint = " (expected tcp://host:port, rfc2217://host:port?baud=2400&dtr=true&rts=false, serial:/dev/ttyXXX?baud=2400&dtr=true&rts=false or nut://[user:password@]host[:3493]/upsname)";
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
        if (uri.startsWith("nut://")) {
            return parseNut(id, uri);
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

    private static final java.util.regex.Pattern NUT_URI = java.util.regex.Pattern.compile(
            "nut://(?:([^:@/]+):([^@/]*)@)?(\\[[0-9A-Fa-f:.]+\\]|[^:/@\\[\\]]+)(?::(\\d{1,5}))?/([^/?#\\s]+)");

    /** {@code nut://[user:password@]host[:3493]/upsname}; the password never appears in a message. */
    private static Nut parseNut(String id, String uri) {
        java.util.regex.Matcher m = NUT_URI.matcher(uri);
        if (!m.matches()) {
            String shown = uri.replaceFirst("//([^:@/]+):[^@/]*@", "//$1:***@");
            throw new IllegalArgumentException("UPS " + id + ": bad NUT uri '" + shown + "' (expected nut://[user:password@]host[:3493]/upsname)");
        }
        int port = m.group(4) == null ? 3493 : Integer.parseInt(m.group(4));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UPS " + id + ": NUT port must be 1..65535");
        }
        String host = m.group(3).startsWith("[") ? m.group(3).substring(1, m.group(3).length() - 1) : m.group(3);
        return new Nut(host, port, decode(m.group(1)), decode(m.group(2)), decode(m.group(5)));
    }

    private static String decode(String s) {
        return s == null ? null : java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
