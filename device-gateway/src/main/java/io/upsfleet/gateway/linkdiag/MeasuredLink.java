package io.upsfleet.gateway.linkdiag;

import io.upsfleet.gateway.link.LinkException;
import io.upsfleet.gateway.link.UpsLink;
import io.upsfleet.gateway.nut.BatteryFigures;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.function.DoubleConsumer;

/**
 * A link that counts what happens on it into {@link LinkStats}: each request, its reply latency (from the
 * request to the reply, a connect it needed included), timeouts, failed connects, sessions the far end
 * ended, and the replies its caller rejects ({@link #malformed}). Battery figures a link reports itself
 * (a NUT server's) pass through, so measuring a link never changes what is published.
 */
public final class MeasuredLink implements UpsLink, BatteryFigures {

    private final UpsLink inner;
    private final LinkStats stats;
    private final DoubleConsumer latencySink;

    public MeasuredLink(UpsLink inner, LinkStats stats, DoubleConsumer latencySink) {
        this.inner = inner;
        this.stats = stats;
        this.latencySink = latencySink;
        inner.onSessionOpened(stats::connected);
    }

    public LinkStats stats() {
        return stats;
    }

    @Override
    public Double batteryCharge() {
        return inner instanceof BatteryFigures b ? b.batteryCharge() : null;
    }

    @Override
    public Integer batteryRuntimeSeconds() {
        return inner instanceof BatteryFigures b ? b.batteryRuntimeSeconds() : null;
    }

    /** A command: its silence is the expected answer, not a timeout. */
    @Override
    public Future<String> request(String request, Duration timeout) {
        return measured(request, timeout, false);
    }

    /** A query ({@code Q1}, {@code I}, {@code F}): silence is a timeout; re-sent once like {@link UpsLink#query}, both counted. */
    @Override
    public Future<String> query(String request, Duration timeout) {
        return measured(request, timeout, true).recover(e -> LinkException.is(e, LinkException.Kind.ENDED)
                ? measured(request, timeout, true)
                : Future.failedFuture(e));
    }

    private Future<String> measured(String request, Duration timeout, boolean replyExpected) {
        stats.request();
        long start = System.nanoTime();
        return inner.request(request, timeout).andThen(ar -> {
            if (ar.succeeded()) {
                if (ar.result() == null) {
                    if (replyExpected) {
                        stats.timeout("no reply to '" + request + "' within " + timeout.toMillis() + " ms from " + inner.describe());
                    }
                } else {
                    double ms = (System.nanoTime() - start) / 1_000_000.0;
                    stats.reply(ms);
                    latencySink.accept(ms);
                }
            } else {
                String why = String.valueOf(ar.cause().getMessage());
                if (LinkException.is(ar.cause(), LinkException.Kind.CONNECT)) {
                    stats.connectFailed(why);
                } else if (LinkException.is(ar.cause(), LinkException.Kind.ENDED)) {
                    stats.sessionEnded(why);
                } else {
                    stats.broken(why);
                }
            }
        });
    }

    @Override
    public void proposeQuirk(String quirk, String evidence) {
        stats.proposeQuirk(quirk);
    }

    @Override
    public void malformed(String why) {
        stats.malformed(why);
    }

    @Override
    public void onSessionOpened(Runnable listener) {
        inner.onSessionOpened(listener);
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
