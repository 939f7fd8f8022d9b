package io.upsfleet.alert.ingest;

import io.upsfleet.alert.db.Jdbc;
import io.upsfleet.contracts.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The {@code alert_dead_letter} table: alarm messages refused for their content, one row per topic and payload. */
@ApplicationScoped
public class DeadLetters {

    /** Longest reason kept. */
    static final int REASON_MAX = 2000;

    @Inject
    Jdbc jdbc;

    /** Keeps {@code payload} with its reason (made printable); a repeat only counts up {@code times}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void keep(String topic, byte[] payload, String reason) {
        jdbc.update("""
                INSERT INTO alert_dead_letter AS d (topic, payload, reason, digest)
                VALUES (?, ?::bytea, ?, sha256(convert_to(?::text, 'UTF8') || '\\x00'::bytea || coalesce(?::bytea, '\\x'::bytea)))
                ON CONFLICT (digest) DO UPDATE SET times = d.times + 1, last_received_at = now()""",
                Text.printable(topic, REASON_MAX), payload, Text.printable(reason, REASON_MAX), topic, payload);
    }

    /** Forgets dead letters last seen before the retention; returns how many. */
    @Transactional
    public int forgetOlderThan(java.time.Instant before) {
        return jdbc.update("DELETE FROM alert_dead_letter WHERE last_received_at < ?", before);
    }
}
