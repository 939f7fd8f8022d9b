package io.upsfleet.alert.notify;

import io.upsfleet.alert.outbox.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who gets a notice: every (channel, recipient) of the given rules, once. One function for raised,
 * flapping and escalated notices. Channels that address nobody in particular (log, webhook, pager) get one
 * delivery with recipient {@code ""}; unknown channels get none (reported at start by {@link Rules}).
 */
public final class Targets {

    public enum Audience {
        /** The rules' {@code recipients}. */
        RECIPIENTS,
        /** The {@code escalation-recipients} of rules that escalate; other rules are skipped. */
        ESCALATION
    }

    private Targets() {
    }

    /**
     * @param perRecipient channel name -> true if it sends one delivery per recipient
     * @return the targets in rule order; a (channel, recipient) two rules share goes to the first
     */
    public static List<Target> of(List<Rules.Matched> rules, Audience audience, Map<String, Boolean> perRecipient) {
        Map<List<String>, Target> targets = new LinkedHashMap<>();
        for (Rules.Matched m : rules) {
            if (audience == Audience.ESCALATION && m.escalatesAfter().isEmpty()) {
                continue;
            }
            List<String> recipients = (audience == Audience.ESCALATION
                    ? m.rule().escalationRecipients() : m.rule().recipients()).orElse(List.of());
            for (String channel : m.rule().channels()) {
                Boolean each = perRecipient.get(channel);
                if (each == null) {
                    continue;
                }
                for (String recipient : each ? recipients : List.of("")) {
                    targets.putIfAbsent(List.of(channel, recipient), new Target(m.name(), channel, recipient));
                }
            }
        }
        return new ArrayList<>(targets.values());
    }
}
