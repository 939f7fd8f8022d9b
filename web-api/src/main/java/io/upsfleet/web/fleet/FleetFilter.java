package io.upsfleet.web.fleet;

import io.upsfleet.web.security.SiteScope;

/** Fleet list query after validation; null means "no constraint". {@code scope}: the sites the caller may see. */
public record FleetFilter(String site, String tag, String status, Boolean onBattery, Boolean commLost, Boolean stale,
                          int limit, int offset, SiteScope scope) {
}
