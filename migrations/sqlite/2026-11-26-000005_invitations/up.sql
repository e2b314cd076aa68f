-- Invitations (accounts created without a password). The same DDL runs on both backends.

-- The invited person chooses a password through a link; only the SHA-256 of its token is kept,
-- and it works once, for seven days.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX invitations_user ON invitations (user_id);
