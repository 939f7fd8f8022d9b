package io.upsfleet.web.security;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.Set;
import java.util.TreeSet;

/**
 * The sites (values of {@code ups.site}) a user may see and command. Empty means every site; a scoped
 * user never sees a UPS without a site. Carried on the {@link SecurityIdentity} as an attribute, so every
 * request knows it without asking the database again.
 */
public record SiteScope(Set<String> sites) {

    public static final String ATTRIBUTE = "upsfleet.sites";
    public static final SiteScope EVERY_SITE = new SiteScope(Set.of());

    public SiteScope {
        sites = Set.copyOf(sites);
    }

    public static SiteScope of(SecurityIdentity identity) {
        Object attribute = identity.getAttribute(ATTRIBUTE);
        return attribute instanceof SiteScope scope ? scope : EVERY_SITE;
    }

    public boolean everySite() {
        return sites.isEmpty();
    }

    public boolean allows(String site) {
        return everySite() || (site != null && sites.contains(site));
    }

    /** For problem details: "HQ, Branch-2". */
    public String describe() {
        return String.join(", ", new TreeSet<>(sites));
    }
}
