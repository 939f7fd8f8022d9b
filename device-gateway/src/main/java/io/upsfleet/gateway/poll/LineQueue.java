package io.upsfleet.gateway.poll;

import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The operations on one UPS line (polls, identity reads, commands), one at a time and in order: a line
 * carries one request and its reply before the next request. Used on the poller's Vert.x context only.
 */
final class LineQueue {

    private static final Logger LOG = Logger.getLogger(LineQueue.class);

    private final String upsId;
    private final ArrayDeque<Supplier<Future<?>>> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean stopped;

    LineQueue(String upsId) {
        this.upsId = upsId;
    }

    /** Runs {@code operation} once everything queued before it has completed. */
    void enqueue(Supplier<Future<?>> operation) {
        queue.add(operation);
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
        if (busy || queue.isEmpty() || stopped) {
            return;
        }
        busy = true;
        Future<?> running;
        try {
            running = queue.poll().get();
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
