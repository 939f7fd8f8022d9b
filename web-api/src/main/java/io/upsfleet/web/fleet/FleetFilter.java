package io.upsfleet.web.fleet;

/** Fleet list query after validation; null means "no constraint". */
public record FleetFilter(String site, String tag, String status, Boolean onBattery, Boolean commLost, Boolean stale,
                          int limit, int offset) {
}
