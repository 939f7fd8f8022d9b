package io.upsfleet.alert.notify;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A rule as the configuration would give it, for tests without Quarkus. */
record TestRule(Optional<List<AlarmType>> alarms, List<String> channels, Optional<List<String>> recipients,
                Optional<List<String>> sites, Optional<List<String>> tags, Severity minSeverity,
                Optional<Duration> escalateAfter, Optional<List<String>> escalationRecipients) implements AlertConfig.Rule {

    static TestRule via(List<String> channels, String... recipients) {
        return new TestRule(Optional.empty(), channels, Optional.of(List.of(recipients)), Optional.empty(),
                Optional.empty(), Severity.WARNING, Optional.empty(), Optional.empty());
    }

    TestRule escalating(Duration after, String... recipients) {
        return new TestRule(alarms, channels, this.recipients, sites, tags, minSeverity, Optional.of(after),
                Optional.of(List.of(recipients)));
    }

    TestRule atSite(String site) {
        return new TestRule(alarms, channels, recipients, Optional.of(List.of(site)), tags, minSeverity, escalateAfter,
                escalationRecipients);
    }
}
