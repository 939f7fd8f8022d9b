package io.upsfleet.web.history;

import io.upsfleet.web.problem.ProblemException;

import java.time.Duration;
import java.time.Instant;

/**
 * What a history request asks for once its parameters are checked: the range (default: the hour before
 * {@code to}, {@code to} defaulting to now) and the resolution, {@code raw} or {@code 1m} ({@code auto}
 * resolved by the range's length). A range longer than its resolution allows is refused.
 */
public record HistoryQuery(Instant from, Instant to, Resolution resolution) {

    public enum Resolution {
        RAW("raw"), MINUTE("1m");

        public final String label;

        Resolution(String label) {
            this.label = label;
        }
    }

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    /** @throws ProblemException 400 naming the parameter at fault */
    public static HistoryQuery of(Instant from, Instant to, String resolution, HistoryConfig limits, Instant now) {
        if (to == null) {
            to = from == null ? now : from.plus(DEFAULT_RANGE);
        }
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        if (!from.isBefore(to)) {
            throw ProblemException.badParameter("from", "from (" + from + ") must be before to (" + to + ")");
        }
        Duration range = Duration.between(from, to);
        String asked = resolution == null || resolution.isBlank() ? "auto" : resolution.trim();
        Resolution chosen = switch (asked) {
            case "raw" -> Resolution.RAW;
            case "1m" -> Resolution.MINUTE;
            case "auto" -> range.compareTo(limits.autoRawUpTo()) <= 0 ? Resolution.RAW : Resolution.MINUTE;
            default -> throw ProblemException.badParameter("resolution",
                    "resolution must be raw, 1m or auto but was '" + resolution + "'");
        };
        Duration max = chosen == Resolution.RAW ? limits.rawMaxRange() : limits.rollupMaxRange();
        if (range.compareTo(max) > 0) {
            throw ProblemException.badParameter("from", "range " + range + " exceeds the maximum " + max + " for resolution "
                    + chosen.label + (chosen == Resolution.RAW ? " (use resolution=1m)" : ""));
        }
        return new HistoryQuery(from, to, chosen);
    }
}
