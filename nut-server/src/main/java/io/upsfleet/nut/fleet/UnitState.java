package io.upsfleet.nut.fleet;

import io.upsfleet.contracts.AlarmType;
import io.upsfleet.contracts.HostShutdownNotice;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.contracts.UpsStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What nut-server knows about one UPS, taken from the bus: an immutable snapshot, replaced as a whole
 * when a message arrives, so a NUT reply is always built from one consistent state.
 *
 * @param upsId             the UPS id (its NUT name)
 * @param status            the latest retained status, null if none
 * @param identity          the latest retained identity, null if none
 * @param reading           the latest reading, null if none since this server started
 * @param readingReceivedAt when that reading arrived here (this server's clock)
 * @param openAlarms        alarms raised and not cleared since this server started
 * @param notice            the latest host-shutdown notice, null if none
 * @param fsdLatched        a primary set FSD (NUT's latch), until the output went off and came back or a
 *                          shutdown was cancelled
 * @param outputWentOff     with the latch: the output was seen off since
 * @param stayOff           a stay-off shutdown (LOAD_OFF, SHUTDOWN_STAYOFF) was confirmed and not cancelled
 */
public record UnitState(String upsId, UpsStatus status, Identity identity, Reading reading, Instant readingReceivedAt,
                        Set<AlarmType> openAlarms, HostShutdownNotice notice, boolean fsdLatched, boolean outputWentOff,
                        boolean stayOff) {

    public UnitState {
        openAlarms = openAlarms.isEmpty() ? Set.of() : Set.copyOf(openAlarms);
    }

    public static UnitState empty(String upsId) {
        return new UnitState(upsId, null, null, null, null, Set.of(), null, false, false, false);
    }

    /** Known to NUT clients: something of the UPS itself arrived (a notice alone does not make a UPS). */
    public boolean known() {
        return status != null || identity != null || reading != null;
    }

    /** Nothing worth keeping. */
    public boolean vacant() {
        return !known() && notice == null && !fsdLatched;
    }

    /** NUT's DATA-STALE: communication lost, or no reading within {@code staleAfter}. */
    public boolean stale(Instant now, Duration staleAfter) {
        if (status != null && status.comm() == UpsStatus.CommState.LOST) {
            return true;
        }
        return reading == null || readingReceivedAt.plus(staleAfter).isBefore(now);
    }

    /** The newest raw flags, from the reading or the status, whichever is newer; null if none. */
    public StatusFlags flags() {
        String bits = null;
        if (reading != null && (status == null || status.flags() == null || !status.ts().isAfter(reading.ts()))) {
            bits = reading.flags();
        } else if (status != null) {
            bits = status.flags();
        }
        return bits == null ? null : StatusFlags.parse(bits);
    }

    /** FSD from the protective sequence (a SHUTDOWN notice in force) or from a primary's FSD command. */
    public boolean forcedShutdown() {
        return fsdLatched || (notice != null && notice.action() == HostShutdownNotice.Action.SHUTDOWN);
    }

    public UnitState withStatus(UpsStatus s) {
        return new UnitState(upsId, s, identity, reading, readingReceivedAt, openAlarms, notice, fsdLatched, outputWentOff, stayOff);
    }

    public UnitState withIdentity(Identity i) {
        return new UnitState(upsId, status, i, reading, readingReceivedAt, openAlarms, notice, fsdLatched, outputWentOff, stayOff);
    }

    /** A new reading; with the FSD latch set it also notes the output going off and ends the latch when it returns. */
    public UnitState withReading(Reading r, Instant receivedAt) {
        boolean off = r.outputVoltage() != null && r.outputVoltage() == 0;
        boolean latch = fsdLatched;
        boolean wentOff = outputWentOff;
        if (latch && off) {
            wentOff = true;
        } else if (latch && wentOff && r.outputVoltage() != null) {
            latch = false;
            wentOff = false;
        }
        return new UnitState(upsId, status, identity, r, receivedAt, openAlarms, notice, latch, wentOff, stayOff);
    }

    public UnitState withAlarms(Set<AlarmType> alarms) {
        return new UnitState(upsId, status, identity, reading, readingReceivedAt, alarms, notice, fsdLatched, outputWentOff, stayOff);
    }

    public UnitState withNotice(HostShutdownNotice n) {
        return new UnitState(upsId, status, identity, reading, readingReceivedAt, openAlarms, n, fsdLatched, outputWentOff, stayOff);
    }

    public UnitState withFsdLatched(boolean latched) {
        return new UnitState(upsId, status, identity, reading, readingReceivedAt, openAlarms, notice, latched, false, stayOff);
    }

    public UnitState withStayOff(boolean off) {
        return new UnitState(upsId, status, identity, reading, readingReceivedAt, openAlarms, notice, fsdLatched, outputWentOff, off);
    }

    public static Set<AlarmType> plus(Set<AlarmType> alarms, AlarmType alarm) {
        EnumSet<AlarmType> out = alarms.isEmpty() ? EnumSet.noneOf(AlarmType.class) : EnumSet.copyOf(alarms);
        out.add(alarm);
        return out;
    }

    public static Set<AlarmType> minus(Set<AlarmType> alarms, AlarmType alarm) {
        if (!alarms.contains(alarm)) {
            return alarms;
        }
        EnumSet<AlarmType> out = EnumSet.copyOf(alarms);
        out.remove(alarm);
        return out;
    }
}
