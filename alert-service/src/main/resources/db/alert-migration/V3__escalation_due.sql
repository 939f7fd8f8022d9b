-- When an open alert escalates (NULL: none of its rules escalates), so the escalation scan only reads
-- alerts that are actually due.
ALTER TABLE alert ADD COLUMN escalation_due_at TIMESTAMPTZ;
CREATE INDEX alert_escalation_due ON alert (escalation_due_at)
    WHERE state = 'OPEN' AND acked_at IS NULL AND escalated_at IS NULL AND escalation_due_at IS NOT NULL;
