ALTER TABLE organizations DROP COLUMN translations;
ALTER TABLE organizations DROP COLUMN original_language;
ALTER TABLE outbox DROP COLUMN language;
ALTER TABLE organization_private DROP COLUMN language;
