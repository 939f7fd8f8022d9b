package io.upsfleet.nut.protocol;

/**
 * One client connection's protocol state. Used by one request at a time (a connection's requests are
 * answered in order), so it needs no locking.
 */
public final class Session {

    private final long id;
    private final String address;
    private final boolean anonymousReadAllowed;
    private String username;
    private String password;
    private String loginUps;
    private boolean tracking;
    private boolean tls;
    private int authFailures;

    /**
     * @param id                   unique per connection (logins are keyed by it)
     * @param address              the client's IP address, as LIST CLIENT shows it
     * @param anonymousReadAllowed the client's network may GET/LIST without logging in
     */
    public Session(long id, String address, boolean anonymousReadAllowed) {
        this.id = id;
        this.address = address;
        this.anonymousReadAllowed = anonymousReadAllowed;
    }

    public long id() {
        return id;
    }

    public String address() {
        return address;
    }

    public boolean anonymousReadAllowed() {
        return anonymousReadAllowed;
    }

    public String username() {
        return username;
    }

    void username(String username) {
        this.username = username;
    }

    public String password() {
        return password;
    }

    void password(String password) {
        this.password = password;
    }

    /** The UPS this connection did LOGIN to, null if none. */
    public String loginUps() {
        return loginUps;
    }

    void loginUps(String upsId) {
        this.loginUps = upsId;
    }

    boolean tracking() {
        return tracking;
    }

    void tracking(boolean on) {
        this.tracking = on;
    }

    public boolean tls() {
        return tls;
    }

    public void tlsStarted() {
        this.tls = true;
    }

    /** Counts a failed authentication and returns how many there were on this connection. */
    int authFailed() {
        return ++authFailures;
    }
}
