-- Joining the map and keeping entries up to date (issue #4). The same DDL runs on both backends.

-- The owner link: only a SHA-256 of its secret is kept. Why an entry is hidden (owner,
-- consent_expired, moderator) decides who may show it again.
ALTER TABLE organization_private ADD COLUMN owner_token_hash TEXT;
ALTER TABLE organization_private ADD COLUMN hidden_by TEXT;
ALTER TABLE organization_private ADD COLUMN hidden_until TIMESTAMP;
ALTER TABLE organization_private ADD COLUMN deletion_requested_at TIMESTAMP;
ALTER TABLE organization_private ADD COLUMN reminder_sent_at TIMESTAMP;
CREATE UNIQUE INDEX organization_private_owner_token ON organization_private (owner_token_hash);

-- What groups sent: a new entry, or an update to a published one, held for review. The draft is
-- the validated form as JSON, so a moderator sees exactly what was sent.
CREATE TABLE submissions (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('new', 'update')),
    draft TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX submissions_status ON submissions (status, created_at);
CREATE INDEX submissions_organization ON submissions (organization_id, status);

-- Every e-mail goes through here: kept until an SMTP server accepts it, retried with backoff.
-- A sender claims a row until claimed_until, so two senders never send the same message.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    reply_to TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);

-- Messages to Jerusalem organisations, which moderators pass on in person (the relay inbox).
CREATE TABLE contact_messages (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    sender_name TEXT NOT NULL,
    sender_email TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'introduced', 'closed')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_messages_status ON contact_messages (status, created_at);
