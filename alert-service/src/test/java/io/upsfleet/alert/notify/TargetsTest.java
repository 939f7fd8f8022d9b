package io.upsfleet.alert.notify;

import io.upsfleet.alert.outbox.Target;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.upsfleet.alert.notify.Targets.Audience.ESCALATION;
import static io.upsfleet.alert.notify.Targets.Audience.RECIPIENTS;
import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {

    private static final Map<String, Boolean> CHANNELS = Map.of("email", true, "webhook", false, "pager", false);

    @Test
    void emailGoesToEachRecipientAndEndpointChannelsGetOneDelivery() {
        assertThat(targets(RECIPIENTS, rule("ops", TestRule.via(List.of("email", "webhook"), "a@x.test", "b@x.test"))))
                .containsExactly(new Target("ops", "email", "a@x.test"), new Target("ops", "email", "b@x.test"),
                        new Target("ops", "webhook", ""));
    }

    @Test
    void aChannelAndRecipientTwoRulesShareIsToldOnceUnderTheFirstRule() {
        List<Target> targets = targets(RECIPIENTS,
                rule("ops", TestRule.via(List.of("email", "pager"), "ops@x.test")),
                rule("hq", TestRule.via(List.of("email", "pager"), "ops@x.test", "hq@x.test")));

        assertThat(targets).containsExactly(new Target("ops", "email", "ops@x.test"), new Target("ops", "pager", ""),
                new Target("hq", "email", "hq@x.test"));
    }

    @Test
    void escalationGoesToTheEscalationRecipientsOfRulesThatEscalateOnly() {
        List<Target> targets = targets(ESCALATION,
                rule("ops", TestRule.via(List.of("email", "webhook"), "ops@x.test")),
                rule("nobody-to-tell", TestRule.via(List.of("webhook")).escalating(Duration.ofMinutes(5))),
                rule("hq", TestRule.via(List.of("email", "webhook"), "hq@x.test")
                        .escalating(Duration.ofMinutes(5), "boss@x.test")));

        assertThat(targets).containsExactly(new Target("hq", "email", "boss@x.test"), new Target("hq", "webhook", ""));
    }

    @Test
    void aChannelNoBeanProvidesGetsNothing() {
        assertThat(targets(RECIPIENTS, rule("ops", TestRule.via(List.of("sms", "email"), "ops@x.test"))))
                .containsExactly(new Target("ops", "email", "ops@x.test"));
    }

    private static Rules.Matched rule(String name, TestRule rule) {
        return new Rules.Matched(name, rule);
    }

    private static List<Target> targets(Targets.Audience audience, Rules.Matched... rules) {
        return Targets.of(List.of(rules), audience, CHANNELS);
    }
}
