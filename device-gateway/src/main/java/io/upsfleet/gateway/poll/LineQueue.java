package io.upsfleet.gateway.poll;

import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The operations on one UPS line, one at a time: a line carries one request and its reply before the next
 * request. Polls go first: a poll waiting runs before any other queued work, so however many commands
 * wait, each takes a slot between polls and never blinds the monitoring. Otherwise in order. Used on the
 * poller's Vert.x context only.
 */
final class LineQueue {

    private static final Logger LOG = Logger.getLogger(LineQueue.class);

    private final String upsId;
    private final ArrayDeque<Supplier<Future<?>>> polls = new ArrayDeque<>();
    private final ArrayDeque<Supplier<Future<?>>> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean stopped;

    LineQueue(String upsId) {
        this.upsId = upsId;
    }

    /** Runs {@code operation} once everything queued before it has completed (polls may pass it). */
    void enqueue(Supplier<Future<?>> operation) {
        queue.add(operation);
        drain();
    }

    /** Runs the poll {@code operation} as soon as the line is free, before other queued work. */
    void enqueuePoll(Supplier<Future<?>> operation) {
        polls.add(operation);
        drain();
    }

    /** An operation is running on the line now. */
    boolean busy() {
        return busy;
    }

    /** Nothing queued or queued later runs any more. */
    void stop() {
        stopped = true;
    }

    private void drain() {
        if (busy || (polls.isEmpty() && queue.isEmpty()) || stopped) {
            return;
        }
        busy = true;
        Future<?> running;
        try {
            running = (polls.isEmpty() ? queue : polls).poll().get();
        } catch (RuntimeException e) {
            running = Future.failedFuture(e);
        }
        running.onComplete(r -> {
            if (r.failed()) {
                LOG.errorf(r.cause(), "UPS %s: unexpected error on the line", upsId);
            }
            busy = false;
            drain();
        });
    }
}
