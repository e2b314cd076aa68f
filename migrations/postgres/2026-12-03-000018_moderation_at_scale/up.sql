-- Moderation at scale (issue #18). The same DDL runs on both backends.
-- Submissions rejected together in one action. Until `undo_until` the action can be undone and
-- nothing has left the server: the groups' e-mails go, and rejected new entries' addresses are
-- forgotten, when the batch is settled after that.
CREATE TABLE rejection_batches (
    id TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    tell_groups BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    undo_until TIMESTAMP NOT NULL,
    undone_at TIMESTAMP,
    settled_at TIMESTAMP
);
CREATE INDEX rejection_batches_unsettled ON rejection_batches (settled_at, undo_until);
-- No REFERENCES: SQLite cannot drop a column that has one (down.sql).
ALTER TABLE submissions ADD COLUMN batch_id TEXT;
CREATE INDEX submissions_batch ON submissions (batch_id);
-- A moderator limited to some countries sees and decides only their queue and entries. No row:
-- every country.
CREATE TABLE moderator_countries (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    PRIMARY KEY (user_id, country_code)
);
