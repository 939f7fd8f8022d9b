-- Core of the management information database: one row per UPS with its latest state,
-- the reading history, and the event log. Owned by mib-service; read by web-api.

CREATE TABLE ups (
    ups_id          VARCHAR(64) PRIMARY KEY,
    gateway_id      VARCHAR(64),
    name            VARCHAR(200),
    site            VARCHAR(200),
    tags            TEXT[]       NOT NULL DEFAULT '{}',
    -- identity and rating (Megatec I and F)
    manufacturer    VARCHAR(64),
    model           VARCHAR(64),
    firmware        VARCHAR(64),
    rated_voltage   DOUBLE PRECISION,
    rated_current   DOUBLE PRECISION,
    nominal_battery_voltage DOUBLE PRECISION,
    rated_frequency DOUBLE PRECISION,
    -- latest state
    comm            VARCHAR(16),
    flags           CHAR(8),
    status          TEXT[]       NOT NULL DEFAULT '{}',
    status_ts       TIMESTAMPTZ,
    -- latest reading (denormalised so the fleet view is one index-free scan)
    last_reading_ts TIMESTAMPTZ,
    input_voltage   DOUBLE PRECISION,
    input_fault_voltage DOUBLE PRECISION,
    output_voltage  DOUBLE PRECISION,
    load_percent    INTEGER,
    input_frequency DOUBLE PRECISION,
    battery_voltage DOUBLE PRECISION,
    temperature     DOUBLE PRECISION,
    battery_charge  DOUBLE PRECISION,
    runtime_seconds INTEGER,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Time series of every good poll. (ups_id, ts) identifies a reading, so a redelivered MQTT message
-- hits the primary key and is ignored instead of creating a duplicate row.
CREATE TABLE reading (
    ups_id          VARCHAR(64)  NOT NULL,
    ts              TIMESTAMPTZ  NOT NULL,
    input_voltage   DOUBLE PRECISION,
    input_fault_voltage DOUBLE PRECISION,
    output_voltage  DOUBLE PRECISION,
    load_percent    INTEGER,
    input_frequency DOUBLE PRECISION,
    battery_voltage DOUBLE PRECISION,
    temperature     DOUBLE PRECISION,
    flags           CHAR(8)      NOT NULL,
    battery_charge  DOUBLE PRECISION,
    runtime_seconds INTEGER,
    PRIMARY KEY (ups_id, ts)
);

-- Alarms raised/cleared, comm lost/restored, commands and their results.
CREATE TABLE event (
    event_id        VARCHAR(64)  PRIMARY KEY,
    ups_id          VARCHAR(64)  NOT NULL,
    ts              TIMESTAMPTZ  NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    type            VARCHAR(64)  NOT NULL,
    severity        VARCHAR(16),
    message         TEXT,
    details         JSONB
);
CREATE INDEX event_ups_ts ON event (ups_id, ts DESC);
CREATE INDEX event_ts ON event (ts DESC);

-- Messages that broke the contract: kept (not lost) for inspection, never retried blindly.
CREATE TABLE dead_letter (
    id              BIGSERIAL    PRIMARY KEY,
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    topic           TEXT         NOT NULL,
    payload         BYTEA,
    error           TEXT         NOT NULL
);
