package io.upsfleet.alert.notify;

import io.upsfleet.alert.AlertConfig;
import io.upsfleet.alert.channel.Channels;
import io.upsfleet.alert.channel.Notice;
import io.upsfleet.alert.metrics.Counts;
import io.upsfleet.alert.outbox.OutboxStore;
import io.upsfleet.alert.outbox.Target;
import io.upsfleet.contracts.AlarmEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs {@link AlertStateMachine} against the database: each method is one transaction that loads the facts
 * under row locks (the (UPS, alarm) track for an edge, so the edges of one condition queue behind each
 * other across replicas; {@code SKIP LOCKED} for due work, so replicas share it), asks the state machine,
 * and writes its effects, notices included (the outbox is written in the same transaction). What is due
 * afterwards is announced with {@link AlertWorkDue} once the transaction has committed.
 */
@ApplicationScoped
public class AlertEngine {

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);
    /** Due alerts, escalations or flap ends taken per transaction; the next pass takes the rest. */
    private static final int BATCH = 200;

    @Inject
    AlertConfig config;
    @Inject
    Rules rules;
    @Inject
    Channels channels;
    @Inject
    AlertRepository alerts;
    @Inject
    OutboxStore outbox;
    @Inject
    UpsDirectory directory;
    @Inject
    Counts counts;
    @Inject
    Event<AlertWorkDue> workDue;
    @Inject
    Event<AlarmEdgeTaken> edgeTaken;

    private AlertStateMachine machine;

    @PostConstruct
    void init() {
        machine = new AlertStateMachine(AlertStateMachine.Settings.of(config), rules, channels.perRecipient(),
                UUID::randomUUID);
    }

    /** Takes one alarm edge; protective actions see it in the same transaction. */
    @Transactional
    public Outcome onAlarm(AlarmEvent event) {
        UpsDirectory.Placement placement = directory.lookup(event.upsId());
        Instant now = Instant.now();
        if (!alerts.rememberEvent(event.eventId(), event.upsId())) {
            LOG.debugf("Alarm %s %s on %s ignored: %s", event.alarm(), event.state(), event.upsId(), Outcome.DUPLICATE);
            return Outcome.DUPLICATE;
        }
        Condition condition = new Condition(event.upsId(), event.alarm());
        AlertRepository.LockedTrack track = alerts.lockTrack(condition, now.minus(config.flap().window()));
        AlertRow open = alerts.lockOpenAlert(condition).orElse(null);
        Decision decision = machine.onEdge(event,
                new AlertStateMachine.EdgeFacts(track.track(), open, track.transitionsSince(), placement), now);
        int queued = apply(decision);
        if (decision.tookEdge()) {
            edgeTaken.fire(new AlarmEdgeTaken(condition, now));
        }
        if (decision.effects().isEmpty()) {
            LOG.debugf("Alarm %s %s on %s ignored: %s", event.alarm(), event.state(), event.upsId(), decision.outcome());
        } else if (decision.outcome() == Outcome.FLAPPING_STARTED) {
            LOG.warnf("%s on %s is flapping: one notice (%d deliveries), then quiet until stable", event.alarm(),
                    event.upsId(), queued);
        } else {
            LOG.infof("Alarm %s %s on %s -> %s", event.alarm(), event.state(), event.upsId(), decision.outcome());
        }
        if (!decision.effects().isEmpty()) {
            workDue.fire(AlertWorkDue.now());
        }
        return decision.outcome();
    }

    /** Debounced alerts whose time has come: open them and queue their notices. */
    @Transactional
    public int promoteDue(Instant now) {
        List<AlertRow> due = alerts.lockDuePending(now, BATCH);
        for (AlertRow a : due) {
            int queued = apply(machine.promote(a, now));
            LOG.infof("Alert %s open: %s %s on %s, %d deliveries queued", a.alertId(), a.severity(), a.alarm(),
                    a.upsId(), queued);
        }
        counts.add("upsfleet.alert.opened", due.size());
        return due.size();
    }

    /** Open, unacknowledged alerts past their escalation time: tell the escalation recipients, once. */
    @Transactional
    public int escalateDue(Instant now) {
        int escalated = 0;
        for (AlertRow a : alerts.lockDueEscalations(now, BATCH)) {
            List<Effect> effects = machine.escalate(a, now);
            if (!effects.isEmpty()) {
                int queued = apply(effects);
                LOG.warnf("Alert %s (%s on %s) unacknowledged: escalated, %d deliveries queued", a.alertId(),
                        a.alarm(), a.upsId(), queued);
                escalated++;
            }
        }
        counts.add("upsfleet.alert.escalated", escalated);
        return escalated;
    }

    /** Flapping conditions quiet for flap.stable: back to normal, reporting the state they settled in. */
    @Transactional
    public int endStableFlaps(Instant now) {
        List<Track> quiet = alerts.lockDueFlapEnds(now.minus(config.flap().stable()), BATCH);
        for (Track t : quiet) {
            Condition c = t.condition();
            AlertRow flap = Optional.ofNullable(t.flapAlertId()).flatMap(alerts::find).orElse(null);
            AlertRow open = alerts.lockOpenAlert(c).orElse(null);
            apply(machine.endFlap(t, flap, open, directory.lookup(c.upsId()), now));
            LOG.infof("%s on %s stable again (%s)", c.alarm(), c.upsId(), t.raised() ? "raised" : "clear");
        }
        return quiet.size();
    }

    /** Records an acknowledgement (the first one stands); empty if there is no such alert. */
    @Transactional
    public Optional<AlertRow> acknowledge(UUID alertId, String by) {
        Optional<AlertRow> alert = alerts.lock(alertId);
        if (alert.isEmpty()) {
            return alert;
        }
        apply(machine.acknowledge(alert.get(), by, Instant.now()));
        return alerts.find(alertId);
    }

    /** Forgets event ids older than the retention (a redelivery that late is not expected). */
    public int forgetOldEventIds(Instant now) {
        return alerts.forgetEventsReceivedBefore(now.minus(config.seenEventsRetention()));
    }

    /** Writes the decision's effects and counts its outcome; returns the number of deliveries queued. */
    private int apply(Decision decision) {
        int queued = apply(decision.effects());
        if (decision.outcome() == Outcome.DISMISSED) {
            counts.increment("upsfleet.alert.debounced");
        } else if (decision.outcome() == Outcome.FLAPPING_STARTED) {
            counts.increment("upsfleet.alert.flapping.started");
        }
        return queued;
    }

    /** Writes the effects; returns the number of deliveries queued. */
    private int apply(List<Effect> effects) {
        int queued = 0;
        for (Effect effect : effects) {
            if (effect instanceof Effect.TrackEdge e) {
                alerts.trackEdge(e);
            } else if (effect instanceof Effect.CountTransition e) {
                alerts.countTransition(e);
            } else if (effect instanceof Effect.StartFlapping e) {
                alerts.startFlapping(e.condition(), e.flapAlertId());
            } else if (effect instanceof Effect.StopFlapping e) {
                alerts.stopFlapping(e.condition());
            } else if (effect instanceof Effect.CreateAlert e) {
                alerts.create(e.alert());
                if (e.alert().notifyAt() != null) {
                    workDue.fire(new AlertWorkDue(e.alert().notifyAt()));
                }
            } else if (effect instanceof Effect.OpenAlert e) {
                alerts.open(e.alertId(), e.notifiedAt(), e.escalationDueAt());
            } else if (effect instanceof Effect.EndAlert e) {
                alerts.end(e.alertId(), e.from(), e.to(), e.at());
            } else if (effect instanceof Effect.MarkEscalated e) {
                alerts.markEscalated(e.alertId(), e.at());
            } else if (effect instanceof Effect.Acknowledge e) {
                alerts.acknowledge(e.alertId(), e.by(), e.at());
            } else if (effect instanceof Effect.Notify e) {
                queued += enqueue(e.notice(), e.targets());
            } else if (effect instanceof Effect.NotifyThoseTold e) {
                queued += enqueue(e.notice(), outbox.told(e.notice().alertId(), e.toldOf()));
            }
        }
        return queued;
    }

    private int enqueue(Notice notice, List<Target> targets) {
        int queued = 0;
        for (Target target : targets) {
            queued += outbox.enqueue(notice, target) ? 1 : 0;
        }
        return queued;
    }
}
