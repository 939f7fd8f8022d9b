package io.upsfleet.alert.notify;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which configured rules an alert falls under (alarm type, minimum severity, site, tags). */
@ApplicationScoped
public class Rules {

    public record Matched(String name, AlertConfig.Rule rule) {
    }

    @Inject
    AlertConfig config;

    public List<Matched> matching(AlarmType alarm, Severity severity, String site, List<String> tags) {
        List<Matched> out = new ArrayList<>();
        for (Map.Entry<String, AlertConfig.Rule> e : config.rules().entrySet()) {
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
}
