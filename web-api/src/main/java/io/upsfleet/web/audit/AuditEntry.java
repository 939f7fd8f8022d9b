package io.upsfleet.web.audit;

import java.time.Instant;

/** One line of the audit log: who ({@code actor}), when, from where, did what, to what. */
public record AuditEntry(long id, Instant at, String actor, String address, String action, String target, String detail) {
}
