ALTER TABLE users DROP COLUMN totp_last_step;
DROP INDEX organization_private_pending_owner_token;
ALTER TABLE organization_private DROP COLUMN owner_link_sent_at;
ALTER TABLE organization_private DROP COLUMN pending_owner_token_hash;
