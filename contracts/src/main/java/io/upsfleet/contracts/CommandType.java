package io.upsfleet.contracts;

/** Control commands, each mapping to one Megatec request. Arguments are in {@link CommandRequest}. */
public enum CommandType {
    /** {@code T}: 10-second battery test. */
    BATTERY_TEST_QUICK,
    /** {@code TL}: test until battery low. */
    BATTERY_TEST_DEEP,
    /** {@code T<n>}: test for {@code testMinutes} (1..99). */
    BATTERY_TEST_TIMED,
    /** {@code CT}: cancel a running test. */
    CANCEL_TEST,
    /** {@code Q}: toggle the beeper. */
    BEEPER_TOGGLE,
    /** {@code S<n>}: shut the output down in {@code shutdownMinutes} (0.2..0.9 or 1..10). */
    SHUTDOWN,
    /** {@code S<n>R<m>}: shut down, restore after {@code restoreMinutes} (1..9999). */
    SHUTDOWN_RESTORE,
    /** {@code S<n>R0000}: shut down in {@code shutdownMinutes} and stay off (NUT's {@code shutdown.stayoff}). */
    SHUTDOWN_STAYOFF,
    /** {@code S00R0000}: output off at once, and stay off (NUT's {@code load.off}). */
    LOAD_OFF,
    /** {@code C}: cancel a pending shutdown; turns the output back on if it is off (NUT's {@code load.on}). */
    CANCEL_SHUTDOWN
}
