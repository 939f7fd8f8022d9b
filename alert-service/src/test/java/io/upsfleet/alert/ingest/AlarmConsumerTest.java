package io.upsfleet.alert.ingest;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmConsumerTest {

    @Test
    void anUnreachableDatabaseIsWaitedForButRejectedDataAndBugsAreNot() {
        assertTrue(AlarmConsumer.databaseAway(new IllegalStateException("alarm x", new SQLException("refused", "08001"))));
        assertTrue(AlarmConsumer.databaseAway(new IllegalStateException("alarm x", new SQLException("no state"))));
        assertFalse(AlarmConsumer.databaseAway(new IllegalStateException("alarm x", new SQLException("too long", "22001"))));
        assertFalse(AlarmConsumer.databaseAway(new IllegalStateException("alarm x", new SQLException("duplicate", "23505"))));
        assertFalse(AlarmConsumer.databaseAway(new NullPointerException("a bug")));
    }
}
