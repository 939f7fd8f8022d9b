-- Per-minute roll-up of the reading history (min/avg/max), kept far longer than raw readings, so a
-- year of 1 s readings for a large fleet stays queryable. Written by mib-service's downsampler.
CREATE TABLE reading_1m (
    ups_id              VARCHAR(64)  NOT NULL,
    bucket              TIMESTAMPTZ  NOT NULL,
    samples             INTEGER      NOT NULL,
    input_voltage_min   DOUBLE PRECISION, input_voltage_avg   DOUBLE PRECISION, input_voltage_max   DOUBLE PRECISION,
    output_voltage_min  DOUBLE PRECISION, output_voltage_avg  DOUBLE PRECISION, output_voltage_max  DOUBLE PRECISION,
    load_percent_min    DOUBLE PRECISION, load_percent_avg    DOUBLE PRECISION, load_percent_max    DOUBLE PRECISION,
    input_frequency_avg DOUBLE PRECISION,
    battery_voltage_min DOUBLE PRECISION, battery_voltage_avg DOUBLE PRECISION, battery_voltage_max DOUBLE PRECISION,
    battery_charge_min  DOUBLE PRECISION, battery_charge_avg  DOUBLE PRECISION, battery_charge_max  DOUBLE PRECISION,
    temperature_avg     DOUBLE PRECISION,
    -- OR of the status flags seen in the minute (an outage of a few seconds stays visible)
    on_battery          BOOLEAN      NOT NULL DEFAULT false,
    PRIMARY KEY (ups_id, bucket)
);

-- Every control command submitted through web-api: who asked what, when, and what became of it.
CREATE TABLE command (
    command_id      VARCHAR(64)  PRIMARY KEY,
    ups_id          VARCHAR(64)  NOT NULL,
    command         VARCHAR(32)  NOT NULL,
    args            JSONB,
    requested_by    VARCHAR(128) NOT NULL,
    requested_at    TIMESTAMPTZ  NOT NULL,
    outcome         VARCHAR(16),
    detail          TEXT,
    updated_at      TIMESTAMPTZ
);
CREATE INDEX command_ups_time ON command (ups_id, requested_at DESC);
