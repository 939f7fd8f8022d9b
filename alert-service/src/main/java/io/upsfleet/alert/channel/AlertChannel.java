package io.upsfleet.alert.channel;


/**
 * A way to tell people. Implementations are CDI beans; rules refer to them by {@link #name()}.
 * {@link #send} throws on any failure so the outbox retries.
 */
public interface AlertChannel {

    String name();

    /** True if one delivery goes to each recipient (email); false if the channel has its own endpoint. */
    boolean perRecipient();

    void send(Notice notice, String recipient) throws Exception;
}
