package io.upsfleet.simulator;

/**
 * What the serial device server in front of a unit does with the TCP session (Moxa, Lantronix, ser2net
 * settings seen in the field).
 *
 * @param hangUpAfterReply closes the session right after each reply (one request per connection)
 * @param idleTimeoutMillis closes the session after this long without a request (0 = never)
 * @param splitBytes sends replies in packets of this many bytes (0 = whole)
 * @param splitGapMillis pause between those packets
 * @param idleCrossing the idle close crosses the next request: a session idle for longer than the timeout
 *                     is closed when that request arrives, and the request is lost (what a client sees
 *                     when its request and the device server's idle close pass each other on the wire)
 */
public record Session(boolean hangUpAfterReply, int idleTimeoutMillis, int splitBytes, int splitGapMillis,
                      boolean idleCrossing) {

    public static final Session PLAIN = new Session(false, 0, 0, 0, false);

    public Session(boolean hangUpAfterReply, int idleTimeoutMillis, int splitBytes, int splitGapMillis) {
        this(hangUpAfterReply, idleTimeoutMillis, splitBytes, splitGapMillis, false);
    }

    public Session {
        if (idleTimeoutMillis < 0 || splitBytes < 0 || splitGapMillis < 0) {
            throw new IllegalArgumentException("session settings must not be negative");
        }
    }

    public static Session hangingUp() {
        return new Session(true, 0, 0, 0);
    }

    public static Session idleTimeout(int millis) {
        return new Session(false, millis, 0, 0);
    }

    /** Idle timeout whose close crosses the next request (see {@code idleCrossing}). */
    public static Session idleTimeoutCrossing(int millis) {
        return new Session(false, millis, 0, 0, true);
    }

    public static Session split(int bytes, int gapMillis) {
        return new Session(false, 0, bytes, gapMillis);
    }
}
