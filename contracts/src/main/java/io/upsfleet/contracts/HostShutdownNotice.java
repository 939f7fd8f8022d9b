package io.upsfleet.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Tells the hosts a UPS protects to shut down cleanly before the UPS cuts its output. Published by
 * alert-service's protective actions on {@link Topics#hostShutdown(String)} (QoS 1, retained while the
 * shutdown is in force, so a host agent that reconnects still sees it; cleared with CANCELLED).
 *
 * @param v              payload version
 * @param noticeId       unique id of this shutdown sequence
 * @param upsId          the UPS whose hosts must act
 * @param ts             when announced
 * @param action         SHUTDOWN (hosts should power off within graceSeconds) or CANCELLED
 * @param graceSeconds   seconds before the UPS will be told to cut its output
 * @param reason         a human-readable sentence (e.g. "on battery and low battery")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostShutdownNotice(int v, String noticeId, String upsId, Instant ts, Action action,
                                 Integer graceSeconds, String reason) implements UpsPayload {

    public static final int VERSION = 1;
    private static final String TYPE = "HostShutdownNotice";

    public enum Action { SHUTDOWN, CANCELLED }

    public HostShutdownNotice {
        Check.version(v, VERSION, TYPE);
        Check.id(noticeId, "noticeId", TYPE);
        Check.id(upsId, "upsId", TYPE);
        Check.notNull(ts, "ts", TYPE);
        Check.notNull(action, "action", TYPE);
        Check.range(graceSeconds, 0, 86_400, "graceSeconds", TYPE);
        Check.text(reason, Text.MESSAGE_MAX, "reason", TYPE);
    }
}
