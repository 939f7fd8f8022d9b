package io.upsfleet.gateway.nut;

/**
 * A link whose UPS reports its battery charge and runtime itself (a NUT server does): the poller takes them
 * instead of estimating them from the battery voltage. Both null when the last status did not carry them.
 */
public interface BatteryFigures {

    Double batteryCharge();

    Integer batteryRuntimeSeconds();
}
