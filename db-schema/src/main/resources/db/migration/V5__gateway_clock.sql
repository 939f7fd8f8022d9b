-- What mib-service knows about each gateway's clock, from the messages it receives: the newest reading's
-- timestamp minus the time it arrived (positive = the gateway's clock is ahead), and whether its latest
-- batch had messages refused for their timestamp (a clock outside the accepted window). Owned by
-- mib-service; read by whoever shows gateways.
CREATE TABLE gateway (
    gateway_id      VARCHAR(64)  PRIMARY KEY,
    last_seen_at    TIMESTAMPTZ  NOT NULL,
    clock_offset_ms BIGINT,
    clock_skewed    BOOLEAN      NOT NULL DEFAULT false,
    skewed_since    TIMESTAMPTZ
);
