package io.upsfleet.alert.bench;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** No debounce, one email rule: what is measured is MQTT -> decision -> outbox -> SMTP. */
public class BenchProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "upsfleet.alert.debounce", "PT0S",
                "upsfleet.alert.flap.transitions", "1000",
                "upsfleet.alert.rules.ops.channels", "email",
                "upsfleet.alert.rules.hq.channels", "email",
                "upsfleet.alert.rules.hq.sites", "nowhere",
                "upsfleet.alert.rules.default.channels", "email",
                "upsfleet.alert.rules.default.recipients", "bench@example.test",
                "upsfleet.alert.rules.default.alarms", "OVERLOAD",
                "quarkus.log.category.\"io.upsfleet\".level", "WARN");
    }
}
