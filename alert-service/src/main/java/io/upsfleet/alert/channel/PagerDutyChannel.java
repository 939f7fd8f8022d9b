package io.upsfleet.alert.channel;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty Events API v2: {@code trigger} for raised/flapping/escalated, {@code resolve} for cleared,
 * {@code dedup_key} = alert id so PagerDuty keeps one incident per alert.
 */
@ApplicationScoped
public class PagerDutyChannel implements AlertChannel {

    @Inject
    AlertConfig config;

    @Override
    public String name() {
        return "pager";
    }

    @Override
    public boolean perRecipient() {
        return false;
    }

    @Override
    public void send(Notice notice, String recipient) throws Exception {
        String key = config.pager().routingKey()
                .orElseThrow(() -> new IllegalStateException("upsfleet.alert.pager.routing-key is not set"));
        HttpJson.post(config.pager().url(), Json.toBytes(event(notice, key)), config.pager().timeout());
    }

    static Map<String, Object> event(Notice notice, String routingKey) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", notice.ends() ? "resolve" : "trigger");
        event.put("dedup_key", notice.alertId().toString());
        if (!notice.ends()) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", notice.subject());
            payload.put("source", notice.upsId());
            payload.put("severity", switch (notice.severity()) {
                case CRITICAL -> "critical";
                case WARNING -> "warning";
                case INFO -> "info";
            });
            payload.put("timestamp", notice.raisedAt().toString());
            payload.put("component", notice.alarm().name());
            if (notice.site() != null) {
                payload.put("group", notice.site());
            }
            payload.put("custom_details", Map.of("message", notice.message() == null ? "" : notice.message(),
                    "kind", notice.kind().name(), "tags", notice.tags() == null ? java.util.List.of() : notice.tags()));
            event.put("payload", payload);
        }
        return event;
    }
}
