package io.upsfleet.alert.notify;

import io.upsfleet.contracts.AlarmType;

/** One alarm of one UPS: what an edge is about, and the key of its track and its open alert. */
public record Condition(String upsId, AlarmType alarm) {
}
