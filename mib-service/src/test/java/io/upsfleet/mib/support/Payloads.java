package io.upsfleet.mib.support;

import io.upsfleet.contracts.Reading;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Builders of valid contract payloads for tests. */
public final class Payloads {

    private Payloads() {
    }

    public static String upsId(String prefix) {
        return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    public static Reading reading(String upsId, Instant ts, double inputVoltage, String flags) {
        return new Reading(Reading.VERSION, upsId, "gw-test", ts, inputVoltage, 140.0, 230.0, 34, 50.0, 27.3,
                35.0, flags, null, 95.0, 1200);
    }
}
