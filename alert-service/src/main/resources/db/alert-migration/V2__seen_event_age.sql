-- Housekeeping deletes remembered event ids by age.
CREATE INDEX alert_event_seen_age ON alert_event_seen (received_at);
