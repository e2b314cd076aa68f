-- Admins and moderators (issue #5). The same DDL runs on both backends.

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    -- Lower-cased, so an address has one account whatever its case.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    -- Base32 TOTP secret; used for sign-in only once totp_enabled.
    totp_secret TEXT,
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    -- Every access token carries the epoch it was issued in; bumping it (logout, password
    -- change, disabling) ends every session of the user at their next request.
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Refresh tokens, stored as SHA-256. Each use replaces the token with a new one of the same
-- family; a used token presented again means it was stolen, and the whole family is revoked.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    family TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);

CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- One row per admin action: who, what, when, and the record before and after (JSON).
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    user_email TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    before TEXT,
    after TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);

-- Crisis mode: what was hidden at once, so that exactly those entries can be restored.
CREATE TABLE crisis_actions (
    id TEXT PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    restored_at TIMESTAMP
);

CREATE TABLE crisis_hidden (
    crisis_id TEXT NOT NULL REFERENCES crisis_actions (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (crisis_id, organization_id)
);
