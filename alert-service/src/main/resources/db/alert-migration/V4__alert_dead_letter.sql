-- Alarm edges alert-service could not take for their content (they break the contract, name another UPS
-- than their topic, carry a timestamp outside the accepted window, or the database refuses them): kept
-- with their raw payload and a printable reason, acknowledged, never retried. The same topic and payload
-- delivered again counts up `times` (one row per poison message).
CREATE TABLE alert_dead_letter (
    id               BIGSERIAL    PRIMARY KEY,
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    topic            TEXT         NOT NULL,
    payload          BYTEA,
    reason           TEXT         NOT NULL,
    digest           BYTEA        NOT NULL UNIQUE,
    times            INTEGER      NOT NULL DEFAULT 1
);
CREATE INDEX alert_dead_letter_received_at ON alert_dead_letter (last_received_at);
