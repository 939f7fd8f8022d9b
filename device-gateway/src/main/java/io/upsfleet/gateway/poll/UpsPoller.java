package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.gateway.command.CommandTarget;
import io.upsfleet.gateway.config.GatewayConfig;
import io.upsfleet.gateway.config.UpsDefinition;
import io.upsfleet.gateway.link.LinkException;
import io.upsfleet.gateway.link.UpsLink;
import io.upsfleet.gateway.megatec.MegatecCodec;
import io.upsfleet.gateway.megatec.MegatecParseException;
import io.upsfleet.gateway.megatec.StatusReply;
import io.upsfleet.gateway.mqtt.Outbox;
import io.upsfleet.gateway.nut.BatteryFigures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Owns one UPS: polls it on a fixed rate, turns replies into readings, status and alarm edges, and runs
 * its commands. Everything happens on one Vert.x context, so no locks; a line carries one request at a
 * time, and commands queue behind (never inside) a poll.
 */
public final class UpsPoller implements CommandTarget {

    private static final Logger LOG = Logger.getLogger(UpsPoller.class);

    private final UpsDefinition ups;
    private final String gatewayId;
    private final UpsLink link;
    private final UpsPublisher publish;
    private final Context context;
    private final GatewayMetrics metrics;
    private final AlarmTracker alarms;

    private final LineQueue line;
    private final IdentityReader identity;
    private final QuirkDetector quirks;
    private final java.util.Set<AppliedQuirks> applied;
    private final UpsCommands commands;
    private boolean pollQueued;
    private boolean pollRunning;

    private boolean stopped;
    private long timer = -1;
    private long nextDueMillis;

    private int failures;
    private boolean commLost;
    private boolean statusPublished;
    private StatusFlags lastFlags;
    private Instant lastReadingTs;
    private long reconnectNotBefore;
    private Duration backoff;

    public UpsPoller(UpsDefinition ups, String gatewayId, UpsLink link, Outbox outbox, Context context,
                     GatewayMetrics metrics, GatewayConfig.Command commands) {
        this(ups, gatewayId, link, outbox, context, metrics, commands, java.util.Set.of());
    }

    /** With the quirks the operator configured for this UPS ({@link AppliedQuirks}), the only ones acted on. */
    public UpsPoller(UpsDefinition ups, String gatewayId, UpsLink link, Outbox outbox, Context context,
                     GatewayMetrics metrics, GatewayConfig.Command commands, java.util.Set<AppliedQuirks> applied) {
        this.applied = java.util.Set.copyOf(applied);
        this.ups = ups;
        this.gatewayId = gatewayId;
        this.link = link;
        this.publish = new UpsPublisher(ups.id(), gatewayId, outbox);
        this.context = context;
        this.metrics = metrics;
        this.alarms = new AlarmTracker(ups.overloadPercent(), ups.battery(), ups.replaceCellVoltage(), ups.runtimeLow());
        this.backoff = ups.reconnectMin();
        this.line = new LineQueue(ups.id());
        this.quirks = new QuirkDetector(ups.battery().cells());
        this.identity = new IdentityReader(ups.id(), link, ups.timeout(), publish, quirks, applied.contains(AppliedQuirks.NO_INFO));
        this.commands = new UpsCommands(ups.id(), link, line, publish, metrics, context, commands,
                () -> lastFlags, () -> commLost, this::pollSoon, quirks);
    }

    public String id() {
        return ups.id();
    }

    /**
     * Continues from the status this gateway last published for the UPS (retained at the broker) instead
     * of from nothing: open alarms, comm state, flags. Call before {@link #start()}.
     */
    public void restore(UpsStatus last) {
        StatusFlags flags = last.flags() == null ? null : StatusFlags.parse(last.flags());
        boolean lost = last.comm() == UpsStatus.CommState.LOST;
        alarms.restore(flags, lost);
        lastFlags = flags;
        lastReadingTs = last.lastReadingTs();
        if (lost) {
            commLost = true;
            metrics.commLost.incrementAndGet();
        }
        LOG.debugf("UPS %s: restored %s (comm %s) from its retained status", ups.id(), alarms.active(), last.comm());
    }

    /** Starts polling after a random offset within one interval, so a large fleet spreads its load. */
    public void start() {
        context.runOnContext(v -> {
            LOG.debugf("UPS %s (%s) polled on %s", ups.id(), link.describe(), Thread.currentThread().getName());
            long interval = ups.pollInterval().toMillis();
            nextDueMillis = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(Math.max(1, interval));
            schedule();
        });
    }

    public void stop() {
        context.runOnContext(v -> {
            stopped = true;
            line.stop();
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            link.close();
        });
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        long delay = Math.max(1, nextDueMillis - System.currentTimeMillis());
        timer = context.owner().setTimer(delay, t -> {
            timer = -1;
            long now = System.currentTimeMillis();
            long due = nextDueMillis;
            long interval = ups.pollInterval().toMillis();
            nextDueMillis += interval;
            if (nextDueMillis <= now) {
                // Far behind (a stalled machine): skip the missed slots instead of bursting to catch up.
                long missed = (now - nextDueMillis) / interval + 1;
                nextDueMillis += missed * interval;
            }
            if (pollRunning || pollQueued) {
                metrics.pollsSkipped.increment();
            } else {
                metrics.pollSlipMillis.record(now - due);
                enqueuePoll();
            }
            schedule();
        });
    }

    private void enqueuePoll() {
        pollQueued = true;
        line.enqueuePoll(() -> {
            pollQueued = false;
            pollRunning = true;
            return poll().onComplete(r -> pollRunning = false);
        });
    }

    // ---------------------------------------------------------------- polling

    private Future<?> poll() {
        if (System.currentTimeMillis() < reconnectNotBefore) {
            return Future.succeededFuture(); // backing off after connection failures
        }
        return identity.readIfUnknown().compose(v -> link.query(MegatecCodec.STATUS, ups.timeout()))
                .transform(ar -> {
                    if (ar.failed()) {
                        onLinkError(ar.cause());
                    } else if (ar.result() == null) {
                        metrics.pollsTimeout.increment();
                        link.reset(); // a late reply must never be read as the answer to the next request
                        onFailedPoll("no reply within " + ups.timeout().toMillis() + " ms");
                    } else {
                        onReply(ar.result());
                    }
                    return Future.succeededFuture();
                });
    }

    private void onReply(String line) {
        StatusReply reply;
        try {
            reply = MegatecCodec.parseStatus(line);
        } catch (MegatecParseException e) {
            metrics.pollsMalformed.increment();
            link.malformed("rejected reply: " + e.getMessage());
            LOG.debugf("UPS %s: rejected reply: %s", ups.id(), e.getMessage());
            link.reset();
            onFailedPoll("malformed reply: " + e.getMessage());
            return;
        }
        metrics.pollsOk.increment();
        quirks.status(reply); // the raw reply: a configured quirk must not hide what the unit says
        if (applied.contains(AppliedQuirks.IGNORE_SHUTDOWN_BIT) && reply.flags().shutdownActive()) {
            StatusFlags f = reply.flags();
            reply = new StatusReply(reply.inputVoltage(), reply.inputFaultVoltage(), reply.outputVoltage(), reply.loadPercent(),
                    reply.inputFrequency(), reply.batteryVoltage(), reply.temperature(), new StatusFlags(f.utilityFail(),
                    f.batteryLow(), f.bypassActive(), f.upsFailed(), f.standby(), f.testInProgress(), false, f.beeperOn()));
        }
        failures = 0;
        backoff = ups.reconnectMin();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // a UPS that reports its charge and runtime itself (over NUT) is taken at its word
        BatteryFigures reported = link instanceof BatteryFigures b && b.batteryCharge() != null ? b : null;
        Double charge = reported != null ? reported.batteryCharge() : ups.battery().chargePercent(reply.batteryVoltage());
        Integer runtime = reported != null && reported.batteryRuntimeSeconds() != null ? reported.batteryRuntimeSeconds()
                : ups.battery().runtimeSeconds(charge, reply.loadPercent());
        Reading reading;
        try {
            reading = new Reading(Reading.VERSION, ups.id(), gatewayId, ts, reply.inputVoltage(), reply.inputFaultVoltage(),
                    reply.outputVoltage(), reply.loadPercent(), reply.inputFrequency(), reply.batteryVoltage(),
                    reply.temperature(), reply.flags().bits(), null, charge, runtime);
        } catch (IllegalArgumentException e) {
            // Well-formed but implausible (e.g. 1500 V): rejected whole, like a malformed frame.
            metrics.pollsMalformed.increment();
            link.malformed("implausible reply: " + e.getMessage());
            onFailedPoll("implausible reply: " + e.getMessage());
            return;
        }
        publish.reading(reading);
        reportQuirks();
        LOG.debugf("UPS %s: reading %s published", ups.id(), ts);
        lastReadingTs = ts;
        boolean wasLost = commLost;
        if (commLost) {
            commLost = false;
            metrics.commLost.decrementAndGet();
            LOG.infof("UPS %s: communication restored", ups.id());
        }
        publish.edges(alarms.onStatus(reply), ts);
        if (!statusPublished || wasLost || !reply.flags().equals(lastFlags)) {
            lastFlags = reply.flags();
            publishStatus(ts);
        }
        commands.onFlags(reply.flags());
    }

    /** Each new quirk proposal: logged once and published with the link figures; never applied. */
    private void reportQuirks() {
        for (QuirkDetector.Proposal p : quirks.takeNew()) {
            LOG.warnf("UPS %s: looks like a unit with the quirk '%s': %s. Proposed to the operator, not applied.",
                    ups.id(), p.quirk(), p.evidence());
            link.proposeQuirk(p.quirk(), p.evidence());
        }
    }

    private void onLinkError(Throwable error) {
        metrics.pollsLinkError.increment();
        String why = error instanceof LinkException ? error.getMessage() : String.valueOf(error);
        if (LinkException.is(error, LinkException.Kind.CONNECT)) {
            // Only a connect that fails is a reason to wait: the next attempt backs off, doubling up to the
            // maximum. A session the far end ended (even twice in a row) is retried at the next poll.
            reconnectNotBefore = System.currentTimeMillis() + backoff.toMillis();
            backoff = backoff.multipliedBy(2).compareTo(ups.reconnectMax()) > 0 ? ups.reconnectMax() : backoff.multipliedBy(2);
        }
        link.reset();
        onFailedPoll(why);
    }

    private void onFailedPoll(String why) {
        quirks.pollFailed();
        failures++;
        if (!commLost && failures >= ups.commLostAfter()) {
            commLost = true;
            metrics.commLost.incrementAndGet();
            LOG.warnf("UPS %s (%s): communication lost after %d failed polls: %s", ups.id(), link.describe(), failures, why);
            Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            publish.edges(alarms.onCommLost(why), ts);
            publishStatus(ts);
            identity.forget();
        }
    }

    private void publishStatus(Instant ts) {
        statusPublished = true;
        publish.status(ts, commLost, lastFlags, lastReadingTs);
    }

    /** Queues a command for this UPS (see {@link UpsCommands#submit}). Call from any thread. */
    @Override
    public void submit(CommandRequest request) {
        context.runOnContext(v -> commands.submit(request));
    }

    /** Answers an invalid command with REJECTED. Call from any thread. */
    @Override
    public void refuse(String commandId, String reason) {
        context.runOnContext(v -> commands.refuse(commandId, reason));
    }

    /** Polls as soon as the line is free (a command's effect is confirmed without waiting for the next tick). */
    private void pollSoon() {
        if (!pollQueued) {
            enqueuePoll();
        }
    }
}
