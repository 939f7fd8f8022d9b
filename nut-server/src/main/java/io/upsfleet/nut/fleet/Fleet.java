package io.upsfleet.nut.fleet;

import io.upsfleet.contracts.AlarmEvent;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.UpsStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * The fleet as the bus describes it: one {@link UnitState} per UPS, replaced atomically per message. Sorted by
 * id (LIST UPS), with a case-insensitive index because upsd finds a UPS name regardless of case. Thread-safe:
 * the MQTT intake writes, every NUT connection reads. A unit is a record and a handful of payload records: a
 * fleet of 10,000 units takes a few megabytes.
 */
public final class Fleet {

    private final ConcurrentSkipListMap<String, UnitState> units = new ConcurrentSkipListMap<>();
    private final Map<String, String> byLowerCase = new ConcurrentHashMap<>();

    /** A retained status; newer-or-equal wins (a late redelivery never turns the clock back). */
    public void apply(UpsStatus status) {
        update(status.upsId(), u -> u.status() != null && u.status().ts().isAfter(status.ts()) ? u : u.withStatus(status));
    }

    public void apply(Identity identity) {
        update(identity.upsId(), u -> u.identity() != null && u.identity().ts().isAfter(identity.ts()) ? u : u.withIdentity(identity));
    }

    public void apply(Reading reading, Instant receivedAt) {
        update(reading.upsId(), u -> u.reading() != null && u.reading().ts().isAfter(reading.ts()) ? u : u.withReading(reading, receivedAt));
    }

    /** Open alarms: RAISED adds, CLEARED removes (edges; a redelivered edge changes nothing). */
    public void apply(AlarmEvent alarm) {
        update(alarm.upsId(), u -> u.withAlarms(alarm.state() == AlarmEvent.AlarmState.RAISED
                ? UnitState.plus(u.openAlarms(), alarm.alarm()) : UnitState.minus(u.openAlarms(), alarm.alarm())));
    }

    public void apply(HostShutdownNotice notice) {
        update(notice.upsId(), u -> u.notice() != null && u.notice().ts().isAfter(notice.ts()) ? u : u.withNotice(notice));
    }

    /**
     * What a confirmed command says about the output: LOAD_OFF and SHUTDOWN_STAYOFF leave it off until a
     * CANCEL_SHUTDOWN, which also ends a primary's FSD (the shutdown it announced was called off).
     */
    public void apply(CommandResult result) {
        if (result.outcome() != CommandOutcome.DONE || result.command() == null) {
            return;
        }
        switch (result.command()) {
            case LOAD_OFF, SHUTDOWN_STAYOFF -> update(result.upsId(), u -> u.withStayOff(true));
            case SHUTDOWN_RESTORE -> update(result.upsId(), u -> u.withStayOff(false));
            case CANCEL_SHUTDOWN -> update(result.upsId(), u -> u.withStayOff(false).withFsdLatched(false));
            default -> { }
        }
    }

    /**
     * An empty retained message on one of the UPS's retained topics: that part of its state is gone. A cleared
     * status means the UPS left the fleet: its last reading and alarms go with it.
     */
    public void cleared(String upsId, String leaf) {
        update(upsId, u -> switch (leaf) {
            case "status" -> new UnitState(upsId, null, u.identity(), null, null, java.util.Set.of(), u.notice(), u.fsdLatched(),
                    u.outputWentOff(), u.stayOff());
            case "identity" -> u.withIdentity(null);
            case "host-shutdown" -> u.withNotice(null);
            default -> u;
        });
    }

    /** NUT's FSD command: latched until the output went off and came back, or the shutdown is cancelled. */
    public void latchFsd(String upsId) {
        update(upsId, u -> u.withFsdLatched(true));
    }

    /** The unit NUT clients call {@code name}: exact id first, else the one id equal ignoring case. */
    public Optional<UnitState> find(String name) {
        UnitState exact = units.get(name);
        if (exact == null) {
            String id = byLowerCase.get(name.toLowerCase(Locale.ROOT));
            exact = id == null ? null : units.get(id);
        }
        return exact != null && exact.known() ? Optional.of(exact) : Optional.empty();
    }

    /** Every known unit, by id. */
    public List<UnitState> list() {
        List<UnitState> out = new ArrayList<>(units.size());
        for (UnitState u : units.values()) {
            if (u.known()) {
                out.add(u);
            }
        }
        return out;
    }

    public int size() {
        return units.size();
    }

    private void update(String upsId, UnaryOperator<UnitState> change) {
        UnitState after = units.compute(upsId, (id, before) -> {
            UnitState next = change.apply(before == null ? UnitState.empty(id) : before);
            return next.vacant() ? null : next;
        });
        if (after == null) {
            byLowerCase.remove(upsId.toLowerCase(Locale.ROOT), upsId);
        } else {
            byLowerCase.putIfAbsent(upsId.toLowerCase(Locale.ROOT), upsId);
        }
    }
}
