-- Fixes from a security review (issue #5). The same DDL runs on both backends.

-- A lost-link request issues a second token; the first stays valid until the second is used,
-- so that nobody can cut a group off its entry by asking for links with its address.
ALTER TABLE organization_private ADD COLUMN pending_owner_token_hash TEXT;
ALTER TABLE organization_private ADD COLUMN owner_link_sent_at TIMESTAMP;
CREATE UNIQUE INDEX organization_private_pending_owner_token ON organization_private (pending_owner_token_hash);

-- The time step of the last one-time code accepted, so that a code cannot be used twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
