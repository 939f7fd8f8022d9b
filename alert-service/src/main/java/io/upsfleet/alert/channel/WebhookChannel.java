package io.upsfleet.alert.channel;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Generic webhook: POSTs the {@link Notice} as JSON to upsfleet.alert.webhook.url. */
@ApplicationScoped
public class WebhookChannel implements AlertChannel {

    @Inject
    AlertConfig config;

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean perRecipient() {
        return false;
    }

    @Override
    public void send(Notice notice, String recipient) throws Exception {
        String url = config.webhook().url()
                .orElseThrow(() -> new IllegalStateException("upsfleet.alert.webhook.url is not set"));
        HttpJson.post(url, Json.toBytes(notice), config.webhook().timeout());
    }
}
