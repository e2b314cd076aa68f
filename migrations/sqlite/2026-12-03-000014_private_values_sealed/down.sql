DROP TABLE data_key_check;
DROP INDEX users_email_index;
ALTER TABLE users DROP COLUMN email_index;
DROP INDEX organization_private_contact_email_index;
ALTER TABLE organization_private DROP COLUMN contact_email_index;
