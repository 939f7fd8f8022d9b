-- Reading history at a fraction of the bytes (mib-service owns these tables; web-api reads them):
--  * `reading` becomes partitioned by hour. mib-service creates the partitions ahead of time and, once an
--    hour is rolled up and old enough, compacts it into `reading_block` and drops the whole partition (no
--    DELETE, no bloat). Readings for an hour without a partition land in `reading_default` and are compacted
--    from there.
--  * `reading_block`: one row per UPS and hour, every reading of that hour encoded column by column and
--    deflated (format: module history-format, `ReadingBlocks`), partitioned by day; retention drops whole days.
-- Existing readings move into reading_default and are compacted by the next maintenance runs.

ALTER TABLE reading RENAME TO reading_unpartitioned;
ALTER TABLE reading_unpartitioned RENAME CONSTRAINT reading_pkey TO reading_unpartitioned_pkey;
ALTER INDEX reading_ts_brin RENAME TO reading_unpartitioned_ts_brin;

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
) PARTITION BY RANGE (ts);
CREATE TABLE reading_default PARTITION OF reading DEFAULT;
CREATE INDEX reading_ts_brin ON reading USING brin (ts);

-- The hours from now on, so that ingest writes into hour partitions from the first start on.
DO $$
DECLARE
    h TIMESTAMPTZ;
BEGIN
    FOR h IN SELECT generate_series(date_trunc('hour', now(), 'UTC'), date_trunc('hour', now(), 'UTC') + interval '48 hours',
                                    interval '1 hour') LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)',
                       'reading_h' || to_char(h AT TIME ZONE 'UTC', 'YYYYMMDDHH24'), h, h + interval '1 hour');
    END LOOP;
END $$;

INSERT INTO reading SELECT * FROM reading_unpartitioned;
DROP TABLE reading_unpartitioned;

CREATE TABLE reading_block (
    ups_id    VARCHAR(64)  NOT NULL,
    hour      TIMESTAMPTZ  NOT NULL,
    readings  INTEGER      NOT NULL,
    first_ts  TIMESTAMPTZ  NOT NULL,
    last_ts   TIMESTAMPTZ  NOT NULL,
    block     BYTEA        NOT NULL,
    PRIMARY KEY (ups_id, hour)
) PARTITION BY RANGE (hour);
CREATE TABLE reading_block_default PARTITION OF reading_block DEFAULT;
-- Blocks are deflated already: store them as they are, without a second compression attempt.
ALTER TABLE reading_block ALTER COLUMN block SET STORAGE EXTERNAL;
ALTER TABLE reading_block_default ALTER COLUMN block SET STORAGE EXTERNAL;
