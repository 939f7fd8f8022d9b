package io.upsfleet.contracts;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every MQTT topic the system uses. Services build and parse topics only through this class so that
 * publishers and subscribers can never disagree on the wire. See docs/mqtt-api.md.
 */
public final class Topics {

    /** Version segment: a breaking change of topics or payloads gets a new root, old and new can coexist. */
    public static final String ROOT = "upsfleet/v1";

    /** UPS and gateway ids appear inside topics, so they must not contain MQTT wildcards or separators. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public static final String READING = "reading";
    public static final String STATUS = "status";
    public static final String ALARM = "alarm";
    public static final String IDENTITY = "identity";
    public static final String COMMAND = "command";
    public static final String COMMAND_RESULT = "command/result";
    public static final String HOST_SHUTDOWN = "host-shutdown";
    public static final String NUT_CLIENTS = "nut-clients";
    /** How the line to a UPS behaves ({@link LinkDiagnostics}, retained). */
    public static final String LINK = "link";

    public static final String ALL_READINGS = ROOT + "/ups/+/" + READING;
    public static final String ALL_STATUS = ROOT + "/ups/+/" + STATUS;
    public static final String ALL_ALARMS = ROOT + "/ups/+/" + ALARM;
    public static final String ALL_IDENTITIES = ROOT + "/ups/+/" + IDENTITY;
    public static final String ALL_COMMANDS = ROOT + "/ups/+/" + COMMAND;
    public static final String ALL_COMMAND_RESULTS = ROOT + "/ups/+/" + COMMAND_RESULT;
    public static final String ALL_HOST_SHUTDOWNS = ROOT + "/ups/+/" + HOST_SHUTDOWN;
    public static final String ALL_LINKS = ROOT + "/ups/+/" + LINK;
    /** Every nut-server's list of logged-in NUT clients of every UPS. */
    public static final String ALL_NUT_CLIENTS = ROOT + "/ups/+/" + NUT_CLIENTS + "/+";
    /** Every per-UPS topic, whatever its leaf (mib-service takes them all on one subscription). */
    public static final String ALL_UPS = ROOT + "/ups/#";
    public static final String ALL_GATEWAYS = ROOT + "/gateway/+/availability";

    private Topics() {
    }

    public static String reading(String upsId) {
        return ups(upsId, READING);
    }

    public static String status(String upsId) {
        return ups(upsId, STATUS);
    }

    public static String alarm(String upsId) {
        return ups(upsId, ALARM);
    }

    public static String identity(String upsId) {
        return ups(upsId, IDENTITY);
    }

    public static String command(String upsId) {
        return ups(upsId, COMMAND);
    }

    public static String commandResult(String upsId) {
        return ups(upsId, COMMAND_RESULT);
    }

    public static String link(String upsId) {
        return ups(upsId, LINK);
    }

    public static String hostShutdown(String upsId) {
        return ups(upsId, HOST_SHUTDOWN);
    }

    /**
     * The NUT clients logged in to {@code upsId} on the nut-server {@code serverId} ({@link NutClients}, retained):
     * one topic per server replica, so replicas never overwrite each other's list.
     */
    public static String nutClients(String upsId, String serverId) {
        return ups(upsId, NUT_CLIENTS) + "/" + requireId(serverId, "serverId");
    }

    /** The filter for the lists one nut-server publishes, for every UPS. */
    public static String nutClientsOf(String serverId) {
        return ROOT + "/ups/+/" + NUT_CLIENTS + "/" + requireId(serverId, "serverId");
    }

    public static String gatewayAvailability(String gatewayId) {
        return ROOT + "/gateway/" + requireId(gatewayId, "gatewayId") + "/availability";
    }

    /**
     * A shared subscription: the broker hands each message to one member of {@code group}, which is how
     * replicas of a consumer split the load (MQTT 5, and Mosquitto also for 3.1.1 clients).
     */
    public static String shared(String group, String filter) {
        return "$share/" + requireId(group, "group") + "/" + filter;
    }

    /** The UPS id inside a per-UPS topic ({@code upsfleet/v1/ups/<id>/...}), if the topic is one. */
    public static Optional<String> upsIdOf(String topic) {
        String prefix = ROOT + "/ups/";
        if (topic == null || !topic.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = topic.indexOf('/', prefix.length());
        if (end < 0) {
            return Optional.empty();
        }
        String id = topic.substring(prefix.length(), end);
        return isValidId(id) ? Optional.of(id) : Optional.empty();
    }

    /** Same as matching {@link #ID_PATTERN}, without a regex: it runs for every message consumed. */
    /**
     * What follows the UPS id in a per-UPS topic ({@code reading}, {@code command/result}, ...), or null if
     * the topic is not {@code upsfleet/v1/ups/<id>/<leaf>}. The id itself is not checked here.
     */
    public static String leafOf(String topic) {
        String prefix = ROOT + "/ups/";
        if (topic == null || !topic.startsWith(prefix)) {
            return null;
        }
        int end = topic.indexOf('/', prefix.length());
        return end < 0 || end == prefix.length() || end == topic.length() - 1 ? null : topic.substring(end + 1);
    }

    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || !isIdChar(id.charAt(0), false)) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            if (!isIdChar(id.charAt(i), true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdChar(char c, boolean notFirst) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || (notFirst && (c == '_' || c == '.' || c == '-'));
    }

    public static String requireId(String id, String what) {
        if (!isValidId(id)) {
            throw new InvalidPayloadException(what + " must match " + ID_PATTERN.pattern() + " but was '" + id + "'");
        }
        return id;
    }

    private static String ups(String upsId, String leaf) {
        return ROOT + "/ups/" + requireId(upsId, "upsId") + "/" + leaf;
    }
}
