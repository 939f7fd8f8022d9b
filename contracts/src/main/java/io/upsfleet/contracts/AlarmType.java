package io.upsfleet.contracts;

/** Conditions that raise an alarm, each with the severity an operator should see by default. */
public enum AlarmType {
    ON_BATTERY(Severity.WARNING),
    LOW_BATTERY(Severity.CRITICAL),
    OVERLOAD(Severity.WARNING),
    UPS_FAULT(Severity.CRITICAL),
    COMM_LOST(Severity.CRITICAL),
    REPLACE_BATTERY(Severity.WARNING),
    SHUTDOWN_PENDING(Severity.CRITICAL),
    /** On battery with less estimated runtime left than the UPS's configured threshold. */
    RUNTIME_LOW(Severity.CRITICAL);

    private final Severity defaultSeverity;

    AlarmType(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
