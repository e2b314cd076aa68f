-- Freshness for admins (issue #18): when the "still active?" reminder last went to a group,
-- whoever sent it (the maintenance pass before consent runs out, or a moderator's bulk
-- re-send). Unlike reminder_sent_at, a confirmation does not clear it: it only keeps a group
-- from being reminded more than once in a fortnight. The same DDL runs on both backends.
ALTER TABLE organization_private ADD COLUMN reminded_at TIMESTAMP;
UPDATE organization_private SET reminded_at = reminder_sent_at;
