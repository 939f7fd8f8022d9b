-- alert-service's own tables (history table flyway_alert_history); never touches mib-service's schema.

-- Every alarm edge taken, so a redelivered event (same eventId) is recognised and ignored.
CREATE TABLE alert_event_seen (
    event_id    VARCHAR(128) PRIMARY KEY,
    ups_id      VARCHAR(64)  NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The raw state of each (UPS, alarm) as the edges say. Its row lock serialises the edges of one
-- condition across replicas; flapping is tracked here.
CREATE TABLE alarm_track (
    ups_id             VARCHAR(64) NOT NULL,
    alarm              VARCHAR(32) NOT NULL,
    raised             BOOLEAN     NOT NULL DEFAULT false,
    severity           VARCHAR(16),
    message            TEXT,
    last_edge_ts       TIMESTAMPTZ,
    last_transition_at TIMESTAMPTZ,
    flapping           BOOLEAN     NOT NULL DEFAULT false,
    flap_alert_id      UUID,
    PRIMARY KEY (ups_id, alarm)
);

CREATE TABLE alarm_transition (
    ups_id VARCHAR(64) NOT NULL,
    alarm  VARCHAR(32) NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX alarm_transition_key ON alarm_transition (ups_id, alarm, at);

-- One row per alert: PENDING (debouncing) -> OPEN (notified) -> CLEARED, or PENDING -> DISMISSED
-- (ended within the debounce or absorbed by flapping). FLAPPING/ENDED rows are flap notices.
CREATE TABLE alert (
    alert_id     UUID PRIMARY KEY,
    ups_id       VARCHAR(64) NOT NULL,
    alarm        VARCHAR(32) NOT NULL,
    severity     VARCHAR(16) NOT NULL,
    message      TEXT,
    site         VARCHAR(200),
    tags         TEXT[]      NOT NULL DEFAULT '{}',
    state        VARCHAR(16) NOT NULL,
    raised_at    TIMESTAMPTZ NOT NULL,
    notify_at    TIMESTAMPTZ,
    notified_at  TIMESTAMPTZ,
    cleared_at   TIMESTAMPTZ,
    acked_at     TIMESTAMPTZ,
    acked_by     VARCHAR(200),
    escalated_at TIMESTAMPTZ
);
-- At most one open alert per condition: a duplicate RAISED can never open a second one.
CREATE UNIQUE INDEX alert_one_open ON alert (ups_id, alarm) WHERE state IN ('PENDING', 'OPEN');
CREATE INDEX alert_pending_due ON alert (notify_at) WHERE state = 'PENDING';
CREATE INDEX alert_open ON alert (notified_at) WHERE state = 'OPEN';

-- Transactional outbox: a notice is written with the state change that causes it and delivered by
-- whichever replica claims it (FOR UPDATE SKIP LOCKED + a lease).
CREATE TABLE alert_outbox (
    id              BIGSERIAL PRIMARY KEY,
    alert_id        UUID         NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    rule_name       VARCHAR(100) NOT NULL,
    channel         VARCHAR(32)  NOT NULL,
    recipient       VARCHAR(320) NOT NULL DEFAULT '',
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    claimed_by      VARCHAR(100),
    claim_until     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ,
    last_error      TEXT,
    UNIQUE (alert_id, kind, channel, recipient)
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');

CREATE TABLE alert_delivery_attempt (
    outbox_id   BIGINT      NOT NULL REFERENCES alert_outbox (id),
    attempt     INTEGER     NOT NULL,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by  VARCHAR(100),
    ok          BOOLEAN     NOT NULL,
    duration_ms BIGINT,
    error       TEXT,
    PRIMARY KEY (outbox_id, attempt)
);

-- Protective action sequences: GRACE -> COMMANDED -> DONE, or GRACE -> CANCELLED.
CREATE TABLE protect_sequence (
    notice_id        VARCHAR(64) PRIMARY KEY,
    ups_id           VARCHAR(64) NOT NULL,
    state            VARCHAR(16) NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    grace_until      TIMESTAMPTZ NOT NULL,
    grace_seconds    INTEGER     NOT NULL,
    shutdown_minutes DOUBLE PRECISION NOT NULL,
    restore_minutes  INTEGER     NOT NULL,
    notice_action    VARCHAR(16) NOT NULL,
    notice_published BOOLEAN     NOT NULL DEFAULT false,
    command_id       VARCHAR(64),
    ended_at         TIMESTAMPTZ
);
CREATE UNIQUE INDEX protect_one_active ON protect_sequence (ups_id) WHERE state IN ('GRACE', 'COMMANDED');

CREATE TABLE protect_event (
    id        BIGSERIAL PRIMARY KEY,
    notice_id VARCHAR(64) NOT NULL,
    ups_id    VARCHAR(64) NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    step      VARCHAR(32) NOT NULL,
    detail    TEXT
);
CREATE INDEX protect_event_ups ON protect_event (ups_id, at);
