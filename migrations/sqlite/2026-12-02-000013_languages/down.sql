ALTER TABLE outbox DROP COLUMN language;
ALTER TABLE organization_private DROP COLUMN language;
