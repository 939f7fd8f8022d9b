package io.upsfleet.simulator;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated Megatec UPS: a small physical model (mains, battery charge, load, test and shutdown
 * countdowns, beeper) and the protocol that exposes it. Thread-safe: the line, the clock and the control
 * API all call in.
 */
public final class SimulatedUps {

    /** What the unit does with a request it does not support. */
    public enum UnsupportedReply { ECHO, SILENCE }

    private static final Pattern TIMED_TEST = Pattern.compile("T(\\d\\d)");
    private static final Pattern SHUTDOWN = Pattern.compile("S(\\.[2-9]|0[1-9]|10)");
    private static final Pattern SHUTDOWN_RESTORE = Pattern.compile("S(\\.[2-9]|0[1-9]|10)R(\\d{4})");
    /** {@code S00R0000}: output off at once, stay off. */
    private static final String LOAD_OFF = "S00R0000";
    private static final double QUICK_TEST_SECONDS = 10;
    private static final double LOW_BATTERY_CHARGE = 0.20;

    private final String id;
    private final boolean perCellBatteryVoltage;
    private final double nominalVoltage;
    private final double nominalFrequency;
    private final int cells;
    /** Seconds a full battery lasts at 100 % load; scales inversely with load. */
    private final double fullLoadRuntimeSeconds;
    /** Seconds from empty to full on mains. */
    private final double rechargeSeconds;

    private Set<String> unsupported = Set.of();
    private Set<Quirk> quirks = Set.of();
    private Session session = Session.PLAIN;
    private UnsupportedReply unsupportedReply = UnsupportedReply.ECHO;
    private FaultMode faultMode = FaultMode.NONE;
    private int slowMillis = 2000;

    private boolean mainsOk = true;
    private double charge = 1.0;
    private int loadPercent = 30;
    private boolean beeperOn = true;
    private boolean internalFault;
    private double lastFaultVoltage = 0;
    private boolean testRunning;
    private boolean testUntilLow;
    private double testRemaining;
    private double shutdownRemaining = -1;
    private double restoreAfter = -1;
    private double restoreRemaining = -1;
    /** Output off by an {@code R0000} shutdown: stays off until {@code C}; the shutdown bit stays set. */
    private boolean stayOff;
    private boolean outputOn = true;
    private boolean exhausted;
    private long requests;

    public SimulatedUps(String id) {
        this(id, true, 230.0, 50.0, 12, 900, 600);
    }

    public SimulatedUps(String id, boolean perCellBatteryVoltage, double nominalVoltage, double nominalFrequency,
                        int cells, double fullLoadRuntimeSeconds, double rechargeSeconds) {
        this.id = id;
        this.perCellBatteryVoltage = perCellBatteryVoltage;
        this.nominalVoltage = nominalVoltage;
        this.nominalFrequency = nominalFrequency;
        this.cells = cells;
        this.fullLoadRuntimeSeconds = fullLoadRuntimeSeconds;
        this.rechargeSeconds = rechargeSeconds;
    }

    public String id() {
        return id;
    }

    /**
     * Answers one request (without its CR). Returns the reply without CR, or null for no reply
     * (commands that succeed silently, unsupported requests in SILENCE mode).
     */
    public synchronized String handle(String request) {
        requests++;
        String cmd = request.trim();
        if (unsupported.contains(commandName(cmd))) {
            return unsupportedReply == UnsupportedReply.ECHO ? request : null;
        }
        if (quirks.contains(Quirk.ECHO_ONLY) && !cmd.equals("Q1")) {
            return request;
        }
        if (quirks.contains(Quirk.NO_INFO) && (cmd.equals("I") || cmd.equals("F"))) {
            return null;
        }
        if (quirks.contains(Quirk.IGNORES_COMMANDS) && !cmd.equals("Q1") && !cmd.equals("I") && !cmd.equals("F")) {
            return null; // taken without a word and without an effect
        }
        switch (cmd) {
            case "Q1":
                return statusReply();
            case "I":
                if (quirks.contains(Quirk.BLANK_FIRMWARE)) {
                    return "#" + " ".repeat(15) + " " + " ".repeat(10) + " " + " ".repeat(10);
                }
                return String.format(Locale.ROOT, "#%-15s %-10s %-10s", "UPSFLEET-SIM", "MEGA-" + cells * 2 + "V", "SIM-1.0");
            case "F":
                return String.format(Locale.ROOT, "#%05.1f %03d %05.1f %04.1f", nominalVoltage, 4, cells * 2.0, nominalFrequency);
            case "T":
                startTest(QUICK_TEST_SECONDS, false);
                return null;
            case "TL":
                startTest(Double.MAX_VALUE, true);
                return null;
            case "CT":
                testRunning = false;
                return null;
            case "Q":
                beeperOn = !beeperOn;
                return null;
            case "C":
                cancelShutdown();
                return null;
            default:
                return parametrised(cmd, request);
        }
    }

    private String parametrised(String cmd, String request) {
        Matcher m = TIMED_TEST.matcher(cmd);
        if (m.matches() && Integer.parseInt(m.group(1)) >= 1) {
            startTest(Integer.parseInt(m.group(1)) * 60.0, false);
            return null;
        }
        if (cmd.equals(LOAD_OFF)) {
            shutdownRemaining = 0;
            restoreAfter = -1;
            stayOff = true;
            return null;
        }
        m = SHUTDOWN_RESTORE.matcher(cmd);
        if (m.matches()) {
            int restore = Integer.parseInt(m.group(2));
            shutdownRemaining = minutes(m.group(1)) * 60;
            restoreAfter = restore == 0 ? -1 : restore * 60.0;
            stayOff = restore == 0;
            return null;
        }
        m = SHUTDOWN.matcher(cmd);
        if (m.matches()) {
            shutdownRemaining = minutes(m.group(1)) * 60;
            restoreAfter = -1;
            return null;
        }
        // Real units echo what they do not understand.
        return request;
    }

    private static double minutes(String n) {
        return n.startsWith(".") ? Integer.parseInt(n.substring(1)) / 10.0 : Integer.parseInt(n);
    }

    private static String commandName(String cmd) {
        if (cmd.startsWith("S")) {
            return cmd.contains("R") ? "SR" : "S";
        }
        if (cmd.matches("T\\d+")) {
            return "Tn";
        }
        return cmd;
    }

    private void startTest(double seconds, boolean untilLow) {
        if (!mainsOk) {
            return; // a unit already on battery refuses a test
        }
        testRunning = true;
        testUntilLow = untilLow;
        testRemaining = seconds;
    }

    private void cancelShutdown() {
        shutdownRemaining = -1;
        restoreAfter = -1;
        stayOff = false;
        if (!outputOn) {
            restoreRemaining = -1;
            outputOn = true;
        }
    }

    /** Advances the physical model by {@code dt} seconds. */
    public synchronized void tick(double dt) {
        boolean onBattery = (!mainsOk || testRunning) && outputOn;
        if (onBattery) {
            double runtimeAtLoad = fullLoadRuntimeSeconds * 100.0 / Math.max(5, loadPercent);
            charge = Math.max(0, charge - dt / runtimeAtLoad);
            if (charge == 0) {
                outputOn = false; // battery exhausted: the load drops
                exhausted = true;
                testRunning = false;
            }
        } else if (mainsOk) {
            charge = Math.min(1, charge + dt / rechargeSeconds);
        }
        if (testRunning) {
            testRemaining -= dt;
            if (testRemaining <= 0 || (testUntilLow && charge < LOW_BATTERY_CHARGE)) {
                testRunning = false;
            }
        }
        if (shutdownRemaining >= 0) {
            shutdownRemaining -= dt;
            if (shutdownRemaining < 0) {
                outputOn = false;
                testRunning = false;
                restoreRemaining = restoreAfter;
                restoreAfter = -1;
            }
        }
        if (!outputOn && restoreRemaining >= 0) {
            restoreRemaining -= dt;
            if (restoreRemaining < 0 && mainsOk) {
                outputOn = true;
                restoreRemaining = -1;
            }
        }
        if (exhausted && mainsOk) {
            // A unit that dropped the load because the battery ran flat comes back with the mains.
            exhausted = false;
            outputOn = true;
        }
    }

    private String statusReply() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        double input = mainsOk ? nominalVoltage + rnd.nextDouble(-2, 2) : 0.0;
        double output = outputOn ? nominalVoltage + rnd.nextDouble(-0.5, 0.5) : 0.0;
        int load = outputOn ? loadPercent : 0;
        double freq = mainsOk ? nominalFrequency + rnd.nextDouble(-0.1, 0.1) : 0.0;
        boolean onBattery = (!mainsOk || testRunning) && outputOn;
        double cellVoltage = 1.75 + 0.50 * charge + (onBattery ? -0.02 * load / 100.0 : 0.03);
        String battery = perCellBatteryVoltage
                ? String.format(Locale.ROOT, "%4.2f", cellVoltage)
                : String.format(Locale.ROOT, "%04.1f", cellVoltage * cells);
        double temperature = 25.0 + load / 10.0;
        String flags = "" + bit(!mainsOk) + bit(onBattery && charge < LOW_BATTERY_CHARGE) + bit(false)
                + bit(internalFault) + '1' + bit(testRunning)
                + bit(quirks.contains(Quirk.STUCK_SHUTDOWN_BIT) || shutdownRemaining >= 0 || (stayOff && !outputOn)) + bit(beeperOn);
        return String.format(Locale.ROOT, "(%05.1f %05.1f %05.1f %03d %04.1f %s %04.1f %s",
                input, lastFaultVoltage, output, Math.min(load, 999), freq, battery, temperature, flags);
    }

    private static char bit(boolean b) {
        return b ? '1' : '0';
    }

    // ---- control, for tests, demos and the HTTP control API ----

    public synchronized void setMainsOk(boolean ok) {
        if (mainsOk && !ok) {
            lastFaultVoltage = ThreadLocalRandom.current().nextInt(0, 150);
        }
        mainsOk = ok;
    }

    public synchronized void setLoadPercent(int percent) {
        if (percent < 0 || percent > 150) {
            throw new IllegalArgumentException("load must be 0..150 %, was " + percent);
        }
        loadPercent = percent;
    }

    public synchronized void setCharge(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("charge must be 0..1, was " + fraction);
        }
        charge = fraction;
    }

    public synchronized void setInternalFault(boolean fault) {
        internalFault = fault;
    }

    public synchronized void setFaultMode(FaultMode mode, int slowMillis) {
        this.faultMode = mode;
        this.slowMillis = slowMillis;
    }

    public synchronized void setUnsupported(Set<String> commandNames, UnsupportedReply reply) {
        this.unsupported = Set.copyOf(commandNames);
        this.unsupportedReply = reply;
    }

    /** Sets the firmware quirks this unit has (replacing the previous set). */
    public synchronized void setQuirks(Set<Quirk> quirks) {
        this.quirks = quirks.isEmpty() ? Set.of() : Set.copyOf(quirks);
    }

    public synchronized Set<Quirk> quirks() {
        return quirks;
    }

    /** Sets how the line to this unit behaves (what a serial device server in front of it does). */
    public synchronized void setSession(Session session) {
        this.session = session;
    }

    public synchronized Session session() {
        return session;
    }

    public synchronized FaultMode faultMode() {
        return faultMode;
    }

    public synchronized int slowMillis() {
        return slowMillis;
    }

    public synchronized boolean beeperOn() {
        return beeperOn;
    }

    public synchronized boolean outputOn() {
        return outputOn;
    }

    public synchronized long requests() {
        return requests;
    }

    /** A snapshot for the control API and for logs. */
    public synchronized Map<String, Object> snapshot() {
        return Map.ofEntries(
                Map.entry("id", id),
                Map.entry("mainsOk", mainsOk),
                Map.entry("chargePercent", Math.round(charge * 1000) / 10.0),
                Map.entry("loadPercent", loadPercent),
                Map.entry("beeperOn", beeperOn),
                Map.entry("outputOn", outputOn),
                Map.entry("testRunning", testRunning),
                Map.entry("shutdownPending", shutdownRemaining >= 0),
                Map.entry("internalFault", internalFault),
                Map.entry("faultMode", faultMode.name()),
                Map.entry("quirks", quirks.stream().map(q -> q.name().toLowerCase(Locale.ROOT).replace('_', '-')).sorted().toList()),
                Map.entry("session", Map.of("hangUpAfterReply", session.hangUpAfterReply(),
                        "idleTimeoutMillis", session.idleTimeoutMillis(), "splitBytes", session.splitBytes(),
                        "splitGapMillis", session.splitGapMillis(), "idleCrossing", session.idleCrossing())),
                Map.entry("requests", requests));
    }
}
