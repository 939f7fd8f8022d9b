package io.upsfleet.gateway.poll;

import io.upsfleet.gateway.megatec.InfoReply;
import io.upsfleet.gateway.megatec.RatingReply;
import io.upsfleet.gateway.megatec.StatusReply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spots the firmware variants NUT's nutdrv_qx has options for, from what one UPS answers, and proposes
 * them to the operator. Never applies anything: a proposal is logged and published, and protective logic
 * (alarms, commands) goes on as configured. Pure (no I/O, no clock); used on the poller's context.
 *
 * <ul>
 *   <li>{@code no-info}: neither {@code I} nor {@code F} answered (echo or silence) — nutdrv_qx {@code novendor}, {@code norating}</li>
 *   <li>{@code blank-firmware}: {@code I} answered with all-space manufacturer, model and firmware</li>
 *   <li>{@code cells=N}: the battery voltage is per cell (below 3 V) or per pack, and the nominal battery
 *       voltage of {@code F} implies N lead-acid cells (2 V each) where N differs from the configured count —
 *       nutdrv_qx {@code override.battery.packs} / {@code default.battery.voltage.nominal}</li>
 *   <li>{@code stuck-shutdown-bit}: the shutdown-active bit (b1) set for {@link #STUCK_POLLS} polls in a row
 *       with the output on and no shutdown sent by this gateway — nutdrv_qx {@code ignoresab}</li>
 *   <li>{@code ignores-commands}: {@link #IGNORED_COMMANDS} commands in a row taken without an echo but never
 *       seen in the flags (no nutdrv_qx option; its fabula/krauler subdrivers list commands such units lack)</li>
 * </ul>
 */
final class QuirkDetector {

    static final int STUCK_POLLS = 20;
    static final int IGNORED_COMMANDS = 2;
    /** Below this the battery voltage is per cell (as BatteryModel reads it). */
    private static final double PER_CELL_LIMIT = 3.0;

    /** One proposal: the quirk, what showed it, and what to configure. */
    record Proposal(String quirk, String evidence) {
    }

    private final int configuredCells;
    private final Map<String, Proposal> proposed = new LinkedHashMap<>();
    private final List<Proposal> fresh = new ArrayList<>();
    private Double nominalBatteryVoltage;
    private int shutdownBitPolls;
    private boolean shutdownSent;
    private int unconfirmedCommands;
    private boolean noInfoCandidate;

    QuirkDetector(int configuredCells) {
        this.configuredCells = configuredCells;
    }

    /** What {@code I} and {@code F} gave: parsed, or null for silence, an echo or an unparsable reply. */
    void identity(InfoReply info, RatingReply rating, boolean infoAnswered) {
        // Only evidence if the Q1 right after them is answered: a unit that is silent on everything is
        // dead, not quirky (see status and pollFailed).
        noInfoCandidate = info == null && rating == null;
        if (infoAnswered && info != null && info.manufacturer() == null && info.model() == null && info.firmware() == null) {
            propose("blank-firmware", "I answers with all-space manufacturer, model and firmware fields");
        }
        if (rating != null && rating.nominalBatteryVoltage() != null) {
            nominalBatteryVoltage = rating.nominalBatteryVoltage();
        }
    }

    /** A good Q1 reply. */
    void status(StatusReply reply) {
        if (noInfoCandidate) {
            noInfoCandidate = false;
            propose("no-info", "neither I nor F is answered while Q1 is (nutdrv_qx: novendor, norating)");
        }
        Double battery = reply.batteryVoltage();
        if (battery != null && nominalBatteryVoltage != null && nominalBatteryVoltage >= 2) {
            int implied = (int) Math.round(nominalBatteryVoltage / 2.0);
            if (implied != configuredCells) {
                propose("cells=" + implied, "F gives a nominal battery voltage of " + nominalBatteryVoltage + " V (" + implied
                        + " lead-acid cells) and Q1 reports " + battery + " V " + (battery < PER_CELL_LIMIT ? "per cell" : "for the pack")
                        + ", but cells=" + configuredCells + " is configured (nutdrv_qx: override.battery.packs, default.battery.voltage.nominal)");
            }
        }
        boolean outputOn = reply.outputVoltage() != null && reply.outputVoltage() > 0;
        if (reply.flags().shutdownActive() && outputOn && !shutdownSent) {
            shutdownBitPolls++;
            if (shutdownBitPolls >= STUCK_POLLS) {
                propose("stuck-shutdown-bit", "shutdown active (b1) in " + shutdownBitPolls
                        + " polls in a row with the output on and no shutdown sent (nutdrv_qx: ignoresab)");
            }
        } else if (!reply.flags().shutdownActive()) {
            shutdownBitPolls = 0;
            shutdownSent = false;
        }
    }

    /** A poll without a good reply: I and F unanswered just before are no evidence. */
    void pollFailed() {
        noInfoCandidate = false;
    }

    /** This gateway sent a shutdown: b1 set from now on is expected. */
    void shutdownSent() {
        shutdownSent = true;
    }

    /** A command taken in silence was confirmed by the flags ({@code true}) or never was ({@code false}). */
    void commandSettled(boolean confirmed) {
        unconfirmedCommands = confirmed ? 0 : unconfirmedCommands + 1;
        if (unconfirmedCommands >= IGNORED_COMMANDS) {
            propose("ignores-commands", unconfirmedCommands + " commands in a row taken without an echo but never seen in the status flags");
        }
    }

    private void propose(String quirk, String evidence) {
        if (!proposed.containsKey(quirk)) {
            Proposal p = new Proposal(quirk, evidence);
            proposed.put(quirk, p);
            fresh.add(p);
        }
    }

    /** Proposals made since the last call (each is made once). */
    List<Proposal> takeNew() {
        List<Proposal> out = List.copyOf(fresh);
        fresh.clear();
        return out;
    }

    List<String> proposed() {
        return List.copyOf(proposed.keySet());
    }
}
