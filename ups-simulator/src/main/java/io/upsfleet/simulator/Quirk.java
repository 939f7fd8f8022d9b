package io.upsfleet.simulator;

/**
 * Firmware variants of real Megatec units (the ones NUT's nutdrv_qx has options or workarounds for), so
 * the gateway's handling of each can be tested. A unit may have several.
 */
public enum Quirk {
    /** Knows only {@code Q1}: echoes every other request, commands included. */
    ECHO_ONLY,
    /** Never answers {@code I} or {@code F} (silence, not an echo). */
    NO_INFO,
    /** The shutdown-active bit (b1 of the flags) is always set, whatever the unit does. */
    STUCK_SHUTDOWN_BIT,
    /** Takes every command without an echo and without any effect. */
    IGNORES_COMMANDS,
    /** Answers {@code I} with all-space manufacturer, model and firmware fields. */
    BLANK_FIRMWARE
}
