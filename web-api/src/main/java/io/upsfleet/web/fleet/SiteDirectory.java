package io.upsfleet.web.fleet;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The site of each UPS, kept in memory for filtering the live streams of users with a site scope (an
 * event carries only its UPS id, and the event loop must not wait for a query per event). Reloaded from
 * {@code ups} at most every {@link #REFRESH_MS} when asked about a UPS it does not know, and whenever it is
 * older than {@link #MAX_AGE_MS}; until then a scoped user does not see events of that UPS (never too much).
 */
@ApplicationScoped
public class SiteDirectory {

    private static final Logger LOG = Logger.getLogger(SiteDirectory.class);
    static final long REFRESH_MS = 2_000;
    static final long MAX_AGE_MS = 30_000;

    private final FleetRepository fleet;
    private volatile Map<String, String> sites = Map.of();
    private volatile long loadedAt;
    private final AtomicBoolean loading = new AtomicBoolean();

    public SiteDirectory(FleetRepository fleet) {
        this.fleet = fleet;
    }

    void load(@Observes StartupEvent ev) {
        reload();
    }

    /** The site of a UPS, or null when it has none or is not known (yet). */
    public String siteOf(String upsId) {
        String site = sites.get(upsId);
        long age = System.currentTimeMillis() - loadedAt;
        if ((site == null && age > REFRESH_MS) || age > MAX_AGE_MS) {
            reload();
        }
        return site;
    }

    private void reload() {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        loadedAt = System.currentTimeMillis();
        fleet.siteByUps().subscribe().with(map -> {
            sites = Map.copyOf(map);
            loadedAt = System.currentTimeMillis();
            loading.set(false);
        }, failure -> {
            LOG.warnf("cannot load the sites of the fleet: %s", failure.toString());
            loading.set(false);
        });
    }
}
