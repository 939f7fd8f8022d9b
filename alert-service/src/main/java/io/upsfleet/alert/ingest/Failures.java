package io.upsfleet.alert.ingest;

import io.upsfleet.contracts.Text;

import java.sql.SQLException;
import java.util.Set;

/** Tells an outage (retry: it passes) from a failure of the message itself (no retry can help). */
final class Failures {

    /**
     * SQLSTATE classes of data the database refuses: cardinality (21), data exception such as a NUL in text
     * (22), integrity violation (23), program limit such as a value too large for an index (54).
     */
    private static final Set<String> CONTENT_CLASSES = Set.of("21", "22", "23", "54");

    private Failures() {
    }

    /**
     * An outage: the database answered with an error of its own (connection, resources, shutdown,
     * serialization), or could not be reached, or the transaction could not complete. Anything else (the
     * data refused, a bug) is not retried.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.length() < 2 || !CONTENT_CLASSES.contains(state.substring(0, 2));
            }
            String type = t.getClass().getName();
            if (type.startsWith("jakarta.transaction.") || type.startsWith("io.agroal.") || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** One printable line: the innermost cause that says something. */
    static String describe(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                deepest = t;
            }
        }
        return Text.printable(deepest.getClass().getSimpleName() + ": " + deepest.getMessage(), 500);
    }
}
