package io.upsfleet.gateway.link;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * One line to one UPS: a request goes out with its CR, one CR-terminated reply may come back.
 * Callers never overlap requests on a link (the poller queues them), so a reply always belongs to the
 * request in flight.
 */
public interface UpsLink extends AutoCloseable {

    /**
     * Sends {@code request} and completes with the reply line (without CR), or with {@code null} when
     * nothing arrived within {@code timeout}. Fails when the line cannot be opened or breaks.
     */
    Future<String> request(String request, Duration timeout);

    /** Drops the connection; the next request reopens it. Used after a timeout, so a late reply is never taken for the next one's. */
    void reset();

    /** Where the link goes, for logs (never contains credentials). */
    String describe();

    @Override
    void close();
}
