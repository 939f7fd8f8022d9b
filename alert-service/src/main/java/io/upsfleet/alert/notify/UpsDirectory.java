package io.upsfleet.alert.notify;

import io.upsfleet.alert.db.DatabaseException;
import io.upsfleet.alert.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;

/**
 * Site and tags of a UPS, read from mib-service's {@code ups} table. The table may not exist (alert-service
 * deployed alone, or before mib-service migrated): then every UPS simply has no site and no tags.
 */
@ApplicationScoped
public class UpsDirectory {

    private static final Logger LOG = Logger.getLogger(UpsDirectory.class);
    private static final String UNDEFINED_TABLE = "42P01";

    public record Placement(String site, List<String> tags) {
        public static final Placement NONE = new Placement(null, List.of());
    }

    @Inject
    Jdbc jdbc;

    /**
     * Outside the caller's transaction: a failed read (no such table) would abort it, and the placement
     * is not worth that.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Placement lookup(String upsId) {
        try {
            return jdbc.first("SELECT site, tags FROM ups WHERE ups_id = ?",
                    rs -> new Placement(rs.getString("site"), Jdbc.strings(rs, "tags")), upsId).orElse(Placement.NONE);
        } catch (DatabaseException e) {
            if (!(e.getCause() instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState()))) {
                LOG.warnf("Cannot read site/tags of %s, rules see none: %s", upsId, e.getMessage());
            }
            return Placement.NONE;
        }
    }
}
