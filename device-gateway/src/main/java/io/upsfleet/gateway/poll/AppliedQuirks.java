package io.upsfleet.gateway.poll;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quirks the operator configured for one UPS ({@code upsfleet.gateway.quirks."<id>"=...}), the only
 * ones the gateway acts on (detected ones are only proposed, see {@link QuirkDetector}).
 */
public enum AppliedQuirks {
    /** Never send {@code I} and {@code F}: the identity is published unknown at once (nutdrv_qx {@code novendor}, {@code norating}). */
    NO_INFO("no-info"),
    /** Ignore the shutdown-active bit (b1): no SHUTDOWN_PENDING, no FSD from it (nutdrv_qx {@code ignoresab}). */
    IGNORE_SHUTDOWN_BIT("ignore-shutdown-bit");

    public final String key;

    AppliedQuirks(String key) {
        this.key = key;
    }

    /** Parses a comma-separated list; an unknown name stops the start with the known ones. */
    public static Set<AppliedQuirks> parse(String upsId, String list) {
        Set<AppliedQuirks> out = EnumSet.noneOf(AppliedQuirks.class);
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String name : list.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            out.add(Arrays.stream(values()).filter(q -> q.key.equals(n)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("UPS " + upsId + ": unknown quirk '" + name.trim() + "' (known: "
                            + Arrays.stream(values()).map(q -> q.key).collect(Collectors.joining(", ")) + ")")));
        }
        return out;
    }
}
