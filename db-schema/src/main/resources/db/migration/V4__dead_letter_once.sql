-- A poison message that the broker delivers again (its acknowledgement was lost with the connection) is
-- one dead letter, not one per delivery: rows are keyed by a digest of topic and payload and count how
-- often they came. Rows from before have no digest (NULLs never conflict).
ALTER TABLE dead_letter ADD COLUMN digest BYTEA;
ALTER TABLE dead_letter ADD COLUMN times INTEGER NOT NULL DEFAULT 1;
ALTER TABLE dead_letter ADD COLUMN last_received_at TIMESTAMPTZ;
CREATE UNIQUE INDEX dead_letter_digest ON dead_letter (digest);
