package io.upsfleet.alert.ingest;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailuresTest {

    @Test
    void anUnreachableDatabaseIsAnOutageWorthWaitingFor() {
        assertTrue(Failures.isOutage(new IllegalStateException("alarm x", new SQLException("refused", "08001"))));
        assertTrue(Failures.isOutage(new IllegalStateException("alarm x", new SQLException("no state"))));
        assertTrue(Failures.isOutage(new IllegalStateException("alarm x", new SQLException("shutting down", "57P01"))));
        assertTrue(Failures.isOutage(new IllegalStateException("tx", new jakarta.transaction.RollbackException("commit failed"))));
    }

    @Test
    void dataTheDatabaseRefusesAndBugsAreNotRetried() {
        assertFalse(Failures.isOutage(new IllegalStateException("alarm x", new SQLException("too long", "22001"))));
        assertFalse(Failures.isOutage(new IllegalStateException("alarm x", new SQLException("duplicate", "23505"))));
        assertFalse(Failures.isOutage(new IllegalStateException("alarm x", new SQLException("index row too big", "54000"))));
        assertFalse(Failures.isOutage(new NullPointerException("a bug")));
    }

    @Test
    void theDescriptionIsTheInnermostCauseOnOnePrintableLine() {
        assertEquals("SQLException: bad \\u0000 byte",
                Failures.describe(new IllegalStateException("outer", new SQLException("bad \u0000 byte", "22021"))));
    }
}
