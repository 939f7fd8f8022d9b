package io.upsfleet.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight Megatec Q1 status bits, b7 first as they appear on the line ("00110000").
 *
 * @param utilityFail    b7: mains failed, the UPS runs on battery
 * @param batteryLow     b6
 * @param bypassActive   b5: bypass or AVR (boost/buck) active
 * @param upsFailed      b4: internal fault
 * @param standby        b3: 1 = standby/line-interactive, 0 = online type
 * @param testInProgress b2
 * @param shutdownActive b1: a shutdown is counting down
 * @param beeperOn       b0
 */
public record StatusFlags(boolean utilityFail, boolean batteryLow, boolean bypassActive, boolean upsFailed,
                          boolean standby, boolean testInProgress, boolean shutdownActive, boolean beeperOn) {

    /** Parses exactly eight '0'/'1' characters, b7 first. */
    public static StatusFlags parse(String bits) {
        if (bits == null || bits.length() != 8) {
            throw new InvalidPayloadException("status flags must be 8 characters of 0/1 but were '" + bits + "'");
        }
        boolean[] b = new boolean[8];
        for (int i = 0; i < 8; i++) {
            char c = bits.charAt(i);
            if (c != '0' && c != '1') {
                throw new InvalidPayloadException("status flags must be 8 characters of 0/1 but were '" + bits + "'");
            }
            b[i] = c == '1';
        }
        return new StatusFlags(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
    }

    public String bits() {
        char[] c = new char[8];
        boolean[] b = {utilityFail, batteryLow, bypassActive, upsFailed, standby, testInProgress, shutdownActive, beeperOn};
        for (int i = 0; i < 8; i++) {
            c[i] = b[i] ? '1' : '0';
        }
        return new String(c);
    }

    /**
     * NUT-style status tokens (as in NUT's ups.status): OL or OB, then LB, BYPASS, FSD... An operator
     * who knows NUT or apcupsd reads these without a manual. BYPASS stands for Megatec's "bypass/AVR".
     */
    public List<String> nutTokens() {
        List<String> tokens = new ArrayList<>(5);
        tokens.add(utilityFail ? "OB" : "OL");
        if (batteryLow) {
            tokens.add("LB");
        }
        if (bypassActive) {
            tokens.add("BYPASS");
        }
        if (upsFailed) {
            tokens.add("ALARM");
        }
        if (testInProgress) {
            tokens.add("CAL");
        }
        if (shutdownActive) {
            tokens.add("FSD");
        }
        return tokens;
    }
}
