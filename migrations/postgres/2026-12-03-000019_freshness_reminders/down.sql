ALTER TABLE organization_private DROP COLUMN reminded_at;
