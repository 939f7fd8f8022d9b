package io.upsfleet.mib.ingest;

import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.Text;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

/**
 * What the ingest records about the messages themselves rather than the fleet: the dead letters
 * ({@code dead_letter}) and what each gateway's messages say about its clock ({@code gateway}). Set-based
 * statements over arrays, like {@link FleetStore}.
 */
@ApplicationScoped
public class IngestRecords {

    /**
     * One row per (topic, payload): a poison message delivered again only counts up {@code times}. Grouped
     * first, since one statement may not touch the same row twice.
     */
    private static final String INSERT_DEAD_LETTERS = """
            INSERT INTO dead_letter AS d (topic, payload, error, digest, times, last_received_at)
            SELECT (array_agg(topic))[1], (array_agg(payload))[1], (array_agg(error))[1], digest, count(*), now()
            FROM (SELECT topic, payload, error,
                         sha256(convert_to(topic, 'UTF8') || '\\x00'::bytea || coalesce(payload, '\\x'::bytea)) AS digest
                  FROM unnest($1::text[], $2::bytea[], $3::text[]) AS t(topic, payload, error)) m
            GROUP BY digest
            ON CONFLICT (digest) DO UPDATE SET times = d.times + EXCLUDED.times, last_received_at = now()
            """;

    /** One row per gateway: last seen, clock offset of its newest fresh fact, skewed when refused for its clock. */
    private static final String UPSERT_GATEWAYS = """
            INSERT INTO gateway AS g (gateway_id, last_seen_at, clock_offset_ms, clock_skewed, skewed_since)
            SELECT gateway_id, now(), offset_ms, skewed, CASE WHEN skewed THEN now() END
            FROM unnest($1::varchar[], $2::int8[], $3::bool[]) AS t(gateway_id, offset_ms, skewed)
            ORDER BY gateway_id
            ON CONFLICT (gateway_id) DO UPDATE SET
              last_seen_at = now(),
              clock_offset_ms = coalesce(EXCLUDED.clock_offset_ms, g.clock_offset_ms),
              clock_skewed = EXCLUDED.clock_skewed,
              skewed_since = CASE WHEN NOT EXCLUDED.clock_skewed THEN NULL ELSE coalesce(g.skewed_since, now()) END
            """;

    /** Longest reason kept with a dead letter. */
    static final int REASON_MAX = 2000;

    private final Pool pool;

    public IngestRecords(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> storeGatewayClocks(Collection<GatewayClocks.Observation> observations) {
        int n = observations.size();
        String[] id = new String[n];
        Long[] offset = new Long[n];
        Boolean[] skewed = new Boolean[n];
        int i = 0;
        for (GatewayClocks.Observation o : observations) {
            id[i] = o.gatewayId();
            offset[i] = o.offsetMillis();
            skewed[i++] = o.skewed();
        }
        return pool.preparedQuery(UPSERT_GATEWAYS).execute(Tuple.tuple().addArrayOfString(id)
                .addArrayOfLong(offset).addArrayOfBoolean(skewed)).replaceWithVoid();
    }

    public Uni<Void> storeDeadLetters(List<Decoded> deadLetters) {
        int n = deadLetters.size();
        String[] topic = new String[n];
        Buffer[] payload = new Buffer[n];
        String[] error = new String[n];
        for (int i = 0; i < n; i++) {
            Decoded d = deadLetters.get(i);
            topic[i] = Text.printable(d.inbound().topic(), REASON_MAX);
            byte[] bytes = d.inbound().payload();
            payload[i] = bytes == null ? null : Buffer.buffer(bytes);
            error[i] = Text.printable(d.error(), REASON_MAX);
        }
        return pool.preparedQuery(INSERT_DEAD_LETTERS).execute(Tuple.tuple().addArrayOfString(topic)
                .addValue(payload).addArrayOfString(error)).replaceWithVoid();
    }
}
