package io.upsfleet.alert.notify;

import io.quarkus.runtime.StartupEvent;
import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.channel.Channels;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which configured rules an alert falls under (alarm type, minimum severity, site, tags). */
@ApplicationScoped
public class Rules {

    private static final Logger LOG = Logger.getLogger(Rules.class);

    public record Matched(String name, AlertConfig.Rule rule) {

        /** How long after the notice this rule escalates; empty if it does not (no delay or nobody to tell). */
        public Optional<Duration> escalatesAfter() {
            return rule.escalationRecipients().filter(r -> !r.isEmpty()).flatMap(r -> rule.escalateAfter());
        }
    }

    private final Map<String, AlertConfig.Rule> rules;

    @Inject
    Rules(AlertConfig config) {
        this(config.rules());
    }

    public Rules(Map<String, AlertConfig.Rule> rules) {
        this.rules = rules;
    }

    public List<Matched> matching(AlarmType alarm, Severity severity, String site, List<String> tags) {
        List<Matched> out = new ArrayList<>();
        for (Map.Entry<String, AlertConfig.Rule> e : rules.entrySet()) {
            AlertConfig.Rule r = e.getValue();
            if (r.alarms().isPresent() && !r.alarms().get().contains(alarm)) {
                continue;
            }
            if (severity.ordinal() < r.minSeverity().ordinal()) {
                continue;
            }
            if (r.sites().isPresent() && (site == null || !r.sites().get().contains(site))) {
                continue;
            }
            if (r.tags().isPresent() && (tags == null || r.tags().get().stream().noneMatch(tags::contains))) {
                continue;
            }
            out.add(new Matched(e.getKey(), r));
        }
        return out;
    }

    public List<Matched> matching(AlertRow alert) {
        return matching(alert.alarm(), alert.severity(), alert.site(), alert.tags());
    }

    /** A rule naming a channel that does not exist sends nothing there: say so once, at start. */
    void checkChannels(@Observes StartupEvent event, Channels channels) {
        rules.forEach((name, rule) -> rule.channels().stream().filter(c -> channels.byName(c).isEmpty())
                .forEach(c -> LOG.errorf("Rule %s names unknown channel '%s' (known: %s)", name, c, channels.names())));
    }
}
