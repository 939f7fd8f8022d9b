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
     * nothing arrived within {@code timeout}. Fails with a {@link LinkException} when the line cannot be
     * opened or breaks (its {@link LinkException#kind() kind} says how).
     */
    Future<String> request(String request, Duration timeout);

    /**
     * A request that may safely be sent twice ({@code Q1}, {@code I}, {@code F}): when the far end ended the
     * session before the reply ({@link LinkException.Kind#ENDED}), it is sent once more on a new session.
     * A device server that hangs up after each reply or after an idle timeout thus costs a reconnect, not
     * a failed poll. Commands are never re-sent this way: one may have reached the UPS.
     */
    default Future<String> query(String request, Duration timeout) {
        return request(request, timeout).recover(e -> LinkException.is(e, LinkException.Kind.ENDED)
                ? request(request, timeout)
                : Future.failedFuture(e));
    }

    /** The caller rejected the last reply (garbage, truncated, implausible): counted by a measuring link. */
    default void malformed(String why) {
    }

    /** A quirk the replies show ({@code poll.QuirkDetector}), for the link figures; nothing is applied. */
    default void proposeQuirk(String quirk, String evidence) {
    }

    /** {@code listener} runs each time a session (a connection, an opened port) is opened. */
    default void onSessionOpened(Runnable listener) {
    }

    /** Drops the connection; the next request reopens it. Used after a timeout, so a late reply is never taken for the next one's. */
    void reset();

    /** Where the link goes, for logs (never contains credentials). */
    String describe();

    @Override
    void close();
}
