ALTER TABLE outbox DROP COLUMN list_unsubscribe;
DROP TABLE call_to_action_digests;
DROP TABLE calls_to_action;
