package io.upsfleet.gateway.poll;

import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.gateway.config.GatewayConfig;
import io.upsfleet.gateway.link.UpsLink;
import io.upsfleet.gateway.megatec.MegatecCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The commands of one UPS: validated and encoded, queued on its line between polls (bounded, identical
 * waiting commands coalesced), sent, and followed until the status flags confirm them. Megatec commands
 * have no reply: an echo means "unsupported", silence means "taken", and the next polls show whether it
 * worked. Runs on the poller's Vert.x context only.
 */
final class UpsCommands {

    private static final Logger LOG = Logger.getLogger(UpsCommands.class);

    /** A command waiting for the line, with the identical ones that arrived meanwhile and share its fate. */
    private record QueuedCommand(CommandRequest request, String wire, List<CommandRequest> coalesced) {
    }

    private final String upsId;
    private final UpsLink link;
    private final LineQueue line;
    private final UpsPublisher publish;
    private final GatewayMetrics metrics;
    private final Context context;
    private final Duration echoWindow;
    private final Duration confirmTimeout;
    private final int commandQueueLimit;
    private final Duration maxAge;
    private final Duration maxAhead;
    private final Supplier<StatusFlags> lastFlags;
    private final BooleanSupplier commLost;
    private final Runnable pollSoon;
    private final PendingCommands pending;
    private final QuirkDetector quirks;
    private final List<QueuedCommand> waitingCommands = new ArrayList<>();

    UpsCommands(String upsId, UpsLink link, LineQueue line, UpsPublisher publish, GatewayMetrics metrics, Context context,
                GatewayConfig.Command settings, Supplier<StatusFlags> lastFlags, BooleanSupplier commLost, Runnable pollSoon,
                QuirkDetector quirks) {
        this.quirks = quirks;
        this.upsId = upsId;
        this.link = link;
        this.line = line;
        this.publish = publish;
        this.metrics = metrics;
        this.context = context;
        this.echoWindow = settings.echoWindow();
        this.confirmTimeout = settings.confirmTimeout();
        this.commandQueueLimit = settings.queueLimit();
        this.maxAge = settings.maxAge();
        this.maxAhead = settings.maxAhead();
        this.lastFlags = lastFlags;
        this.commLost = commLost;
        this.pollSoon = pollSoon;
        this.pending = new PendingCommands(confirmTimeout);
    }

    /** A poll's flags: settles the commands they confirm. */
    void onFlags(StatusFlags flags) {
        settle(pending.confirmedBy(flags));
    }

    /**
     * Validates and queues a command; answers with results on the command/result topic. A command identical
     * to one still waiting for the line shares its fate (coalesced); beyond {@code command.queue-limit}
     * waiting commands, a new one is refused at once ("busy").
     */
    void submit(CommandRequest request) {
        String wire;
        try {
            wire = MegatecCodec.encode(request);
        } catch (IllegalArgumentException e) {
            result(request, CommandOutcome.REJECTED, e.getMessage());
            return;
        }
        Instant now = Instant.now();
        if (request.ts().isBefore(now.minus(maxAge))) {
            result(request, CommandOutcome.REJECTED, "stale: requested at " + request.ts() + ", "
                    + Duration.between(request.ts(), now).toSeconds() + " s ago; commands older than "
                    + maxAge.toSeconds() + " s are not executed");
            return;
        }
        if (request.ts().isAfter(now.plus(maxAhead))) {
            result(request, CommandOutcome.REJECTED, "requested at " + request.ts() + ", "
                    + Duration.between(now, request.ts()).toSeconds() + " s in the future: check the sender's clock");
            return;
        }
        if (commLost.getAsBoolean()) {
            result(request, CommandOutcome.REJECTED, "communication with the UPS is lost");
            return;
        }
        for (QueuedCommand waiting : waitingCommands) {
            if (waiting.wire().equals(wire)) {
                waiting.coalesced().add(request);
                LOG.debugf("UPS %s: command %s coalesced with the identical waiting %s", upsId,
                        request.commandId(), waiting.request().commandId());
                return;
            }
        }
        if (waitingCommands.size() >= commandQueueLimit) {
            result(request, CommandOutcome.REJECTED, "busy: " + commandQueueLimit
                    + " commands are already waiting for this UPS; try again later");
            return;
        }
        QueuedCommand queued = new QueuedCommand(request, wire, new ArrayList<>());
        waitingCommands.add(queued);
        line.enqueue(() -> {
            waitingCommands.remove(queued);
            return execute(queued);
        });
    }

    private Future<?> execute(QueuedCommand command) {
        String wire = command.wire();
        StatusFlags before = lastFlags.get();
        return link.request(wire, echoWindow).transform(ar -> {
            if (ar.failed()) {
                results(command, CommandOutcome.TIMEOUT, "could not send to the UPS: " + ar.cause().getMessage());
                link.reset();
            } else if (MegatecCodec.isEcho(wire, ar.result())) {
                results(command, CommandOutcome.UNSUPPORTED, "the UPS echoed '" + wire + "': it does not support this command");
            } else if (ar.result() != null) {
                link.reset();
                results(command, CommandOutcome.REJECTED, "unexpected reply to '" + wire + "': '" + MegatecCodec.printable(ar.result()) + "'");
            } else {
                results(command, CommandOutcome.ACCEPTED, "sent '" + wire + "', waiting for the status flags to confirm");
                if (wire.startsWith("S")) {
                    quirks.shutdownSent();
                }
                long now = System.currentTimeMillis();
                pending.await(command.request(), before, now);
                command.coalesced().forEach(c -> pending.await(c, before, now));
                context.owner().setTimer(confirmTimeout.toMillis() + 1, t -> settle(pending.expired(System.currentTimeMillis())));
                pollSoon.run(); // confirm at once instead of waiting for the next scheduled poll
            }
            return Future.succeededFuture();
        });
    }

    /** The same outcome for a command and those coalesced into it. */
    private void results(QueuedCommand command, CommandOutcome outcome, String detail) {
        result(command.request(), outcome, detail);
        for (CommandRequest c : command.coalesced()) {
            result(c, outcome, detail + " (coalesced with the identical command " + command.request().commandId() + ")");
        }
    }

    private void settle(List<PendingCommands.Settled> settled) {
        settled.forEach(c -> {
            result(c.request(), c.outcome(), c.detail());
            quirks.commandSettled(c.outcome() == CommandOutcome.DONE);
        });
    }

    /** Answers a request that broke the contract (see {@code CommandInbox}). */
    void refuse(String commandId, String reason) {
        metrics.command(CommandOutcome.REJECTED);
        LOG.infof("UPS %s: command %s -> REJECTED (invalid: %s)", upsId, commandId, reason);
        publish.commandResult(commandId, null, CommandOutcome.REJECTED, "invalid command: " + reason,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private void result(CommandRequest request, CommandOutcome outcome, String detail) {
        metrics.command(outcome);
        LOG.infof("UPS %s: command %s %s -> %s (%s)", upsId, request.commandId(), request.command(), outcome, detail);
        publish.commandResult(request, outcome, detail, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
