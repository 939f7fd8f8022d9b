-- How many hosts were logged in to the UPS over NUT when a protective sequence started: when there were
-- some and all of them have logged out (their upsmon shut them down), the UPS command need not wait for
-- the end of the grace time.
ALTER TABLE protect_sequence ADD COLUMN nut_hosts_at_start INTEGER NOT NULL DEFAULT 0;
