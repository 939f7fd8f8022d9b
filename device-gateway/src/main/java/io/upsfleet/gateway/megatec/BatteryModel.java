package io.upsfleet.gateway.megatec;

/**
 * Estimates charge and runtime from what a Megatec unit reports (battery voltage and load only).
 * Charge interpolates linearly between an empty and a full cell voltage; runtime scales the full-load
 * runtime of a full battery by charge and inversely by load (the simple form of NUT's runtimecal).
 *
 * @param cells                  cells in series (12 for a 24 V lead-acid pack)
 * @param cellEmptyVolts         per-cell voltage at 0 %
 * @param cellFullVolts          per-cell voltage at 100 %
 * @param fullLoadRuntimeSeconds runtime of a full battery at 100 % load
 */
public record BatteryModel(int cells, double cellEmptyVolts, double cellFullVolts, double fullLoadRuntimeSeconds) {

    /** Below this a reported battery voltage is taken as per cell, above it as the whole pack. */
    static final double PER_CELL_LIMIT = 3.0;

    public BatteryModel {
        if (cells < 1 || cellFullVolts <= cellEmptyVolts || fullLoadRuntimeSeconds <= 0) {
            throw new IllegalArgumentException("battery model needs cells >= 1, full > empty voltage and a positive runtime");
        }
    }

    public static BatteryModel leadAcid24V() {
        return new BatteryModel(12, 1.75, 2.25, 600);
    }

    /** Per-cell voltage whether the unit reports per cell (e.g. 2.05) or per pack (e.g. 27.3). */
    public double cellVolts(double reported) {
        return reported < PER_CELL_LIMIT ? reported : reported / cells;
    }

    /** Charge in % (0..100, one decimal), or null when the voltage is unknown. */
    public Double chargePercent(Double reportedVolts) {
        if (reportedVolts == null) {
            return null;
        }
        double fraction = (cellVolts(reportedVolts) - cellEmptyVolts) / (cellFullVolts - cellEmptyVolts);
        return Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10.0;
    }

    /** Runtime in seconds at the given load, or null when charge or load is unknown. */
    public Integer runtimeSeconds(Double chargePercent, Integer loadPercent) {
        if (chargePercent == null || loadPercent == null) {
            return null;
        }
        double load = Math.max(5, loadPercent);
        return (int) Math.round(chargePercent / 100.0 * fullLoadRuntimeSeconds * 100.0 / load);
    }
}
