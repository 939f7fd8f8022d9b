package io.upsfleet.alert.db;

import java.sql.SQLException;

/**
 * A statement failed. Unchecked, so {@code @Transactional} rolls back; the {@link SQLException} stays the
 * cause, because the alarm intake tells a database outage from rejected data by its SQLState.
 */
public class DatabaseException extends RuntimeException {

    public DatabaseException(String sql, SQLException cause) {
        super(cause.getMessage() + " [" + sql.strip().replaceAll("\\s+", " ") + "]", cause);
    }
}
