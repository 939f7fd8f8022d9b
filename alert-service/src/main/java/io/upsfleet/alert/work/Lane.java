package io.upsfleet.alert.work;

import org.jboss.logging.Logger;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One kind of background pass, run on an executor when kicked. Kicks coalesce: while a pass is queued,
 * more kicks add nothing; a kick while a pass runs makes exactly one more pass after it. So passes of one
 * lane never overlap and never pile up, however often it is kicked.
 */
final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class);

    private enum State {
        IDLE,
        /** Submitted, not started: a kick now is served by that pass. */
        QUEUED,
        RUNNING,
        /** Kicked while running: one more pass follows. */
        RUNNING_KICKED
    }

    private final String name;
    private final Executor executor;
    private final Runnable pass;
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private volatile boolean closed;

    Lane(String name, Executor executor, Runnable pass) {
        this.name = name;
        this.executor = executor;
        this.pass = pass;
    }

    /** Runs a pass soon. */
    void kick() {
        State before = state.getAndUpdate(s -> switch (s) {
            case IDLE, QUEUED -> State.QUEUED;
            case RUNNING, RUNNING_KICKED -> State.RUNNING_KICKED;
        });
        if (before == State.IDLE) {
            submit();
        }
    }

    /** No more passes (one running finishes). */
    void close() {
        closed = true;
    }

    private void submit() {
        if (closed) {
            state.set(State.IDLE);
            return;
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            state.set(State.IDLE); // shutting down
        }
    }

    private void run() {
        state.set(State.RUNNING);
        while (!closed) {
            try {
                pass.run();
            } catch (RuntimeException e) {
                LOG.warnf("%s pass failed, the next tick retries: %s", name, e.toString());
            }
            if (state.compareAndSet(State.RUNNING, State.IDLE)) {
                return;
            }
            state.set(State.RUNNING); // kicked during the pass: one more
        }
        state.set(State.IDLE);
    }
}
