package io.upsfleet.contracts;

import java.time.Instant;

/** A payload about one UPS, published on one of that UPS's topics (the topics under {@code upsfleet/v1/ups/<upsId>/}). */
public interface UpsPayload {

    /** The UPS the payload is about; it matches the UPS id of the topic it travels on. */
    String upsId();

    /** When the fact it reports happened (or was requested). */
    Instant ts();
}
