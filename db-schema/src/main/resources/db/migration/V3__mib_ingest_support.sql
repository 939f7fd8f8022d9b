-- Support for mib-service's ingest and history jobs. Additive only: V1/V2 tables keep their columns.

-- When the identity columns were last set, so a late (older) identity message never overwrites a newer one.
ALTER TABLE ups ADD COLUMN identity_ts TIMESTAMPTZ;

-- Retention and downsampling scan readings by time across all UPSes. A BRIN index is tiny and nearly
-- free to maintain for append-mostly time series, unlike a second B-tree on the hot insert path.
CREATE INDEX reading_ts_brin ON reading USING brin (ts);
CREATE INDEX reading_1m_bucket_brin ON reading_1m USING brin (bucket);
CREATE INDEX dead_letter_received_at ON dead_letter (received_at);

-- Progress of periodic jobs (e.g. the per-minute roll-up: every minute before the watermark is done).
CREATE TABLE mib_job_state (
    job             VARCHAR(64)  PRIMARY KEY,
    watermark       TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
