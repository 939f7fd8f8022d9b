package io.upsfleet.alert.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
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
        static final Placement NONE = new Placement(null, List.of());
    }

    @Inject
    DataSource dataSource;

    public Placement lookup(String upsId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT site, tags FROM ups WHERE ups_id = ?")) {
            ps.setString(1, upsId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Placement.NONE;
                }
                Array tags = rs.getArray(2);
                return new Placement(rs.getString(1), tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()));
            }
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                LOG.warnf("Cannot read site/tags of %s, rules see none: %s", upsId, e.getMessage());
            }
            return Placement.NONE;
        }
    }
}
