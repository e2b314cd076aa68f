DROP TABLE contact_messages;
DROP TABLE outbox;
DROP TABLE submissions;
DROP INDEX organization_private_owner_token;
ALTER TABLE organization_private DROP COLUMN reminder_sent_at;
ALTER TABLE organization_private DROP COLUMN deletion_requested_at;
ALTER TABLE organization_private DROP COLUMN hidden_until;
ALTER TABLE organization_private DROP COLUMN hidden_by;
ALTER TABLE organization_private DROP COLUMN owner_token_hash;
