package io.upsfleet.mib;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

public class Placeholder {
    @Inject
    Pool pool;

    void start(@Observes StartupEvent e) {
        Logger.getLogger(Placeholder.class).info("tables: " + pool.query("select count(*) from ups").execute().await().indefinitely().iterator().next().getLong(0));
    }
}
