package io.upsfleet.mib.metadata;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.Topics;
import io.upsfleet.mib.MibConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Applies the operator metadata configured as {@code upsfleet.mib.metadata."<ups-id>".name/site/tags} to
 * the {@code ups} rows at start (creating rows for UPSes not seen yet). Configured fields win; fields
 * not configured are left as they are. Retries in the background until the database answers.
 */
@ApplicationScoped
public class MetadataApplier {

    private static final Logger LOG = Logger.getLogger(MetadataApplier.class);

    private static final String UPSERT = """
            INSERT INTO ups AS u (ups_id, name, site, tags) VALUES ($1, $2, $3, coalesce($4::text[], '{}'))
            ON CONFLICT (ups_id) DO UPDATE SET
              name = coalesce(EXCLUDED.name, u.name),
              site = coalesce(EXCLUDED.site, u.site),
              tags = CASE WHEN $4::text[] IS NULL THEN u.tags ELSE EXCLUDED.tags END,
              updated_at = now()
            """;

    private final Pool pool;
    private final MibConfig config;

    public MetadataApplier(Pool pool, MibConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        Map<String, MibConfig.UpsMetadata> metadata = config.metadata();
        if (metadata.isEmpty()) {
            return;
        }
        apply(metadata)
                .onFailure().invoke(e -> LOG.warnf("Cannot apply UPS metadata yet, retrying: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(n -> LOG.infof("Applied metadata of %d UPS(es)", n));
    }

    Uni<Integer> apply(Map<String, MibConfig.UpsMetadata> metadata) {
        return Multi.createFrom().iterable(metadata.entrySet())
                .filter(e -> {
                    if (!Topics.isValidId(e.getKey())) {
                        LOG.warnf("Ignoring metadata of invalid UPS id '%s'", e.getKey());
                        return false;
                    }
                    return true;
                })
                .onItem().transformToUniAndConcatenate(e -> {
                    MibConfig.UpsMetadata m = e.getValue();
                    String[] tags = m.tags().map(t -> t.stream().map(String::trim).toArray(String[]::new)).orElse(null);
                    return pool.preparedQuery(UPSERT).execute(Tuple.of(e.getKey(), m.name().orElse(null),
                            m.site().orElse(null)).addArrayOfString(tags));
                })
                .collect().asList().map(List::size);
    }
}
