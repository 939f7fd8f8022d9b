package io.upsfleet.gateway.megatec;

/** A parsed {@code I} reply: company, model and firmware version, trimmed; null where blank. */
public record InfoReply(String manufacturer, String model, String firmware) {
}
