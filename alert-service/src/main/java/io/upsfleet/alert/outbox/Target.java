package io.upsfleet.alert.outbox;

/**
 * Where one notice goes: a channel and a recipient ({@code ""} for a channel with its own endpoint), and
 * the rule that chose them (recorded with the delivery).
 */
public record Target(String rule, String channel, String recipient) {

    public Target {
        recipient = recipient == null ? "" : recipient;
    }
}
