-- Private values that identify or reach a person are stored sealed under the data key, which
-- lives outside the database (api/src/data_key.rs). Look-ups by e-mail address go through a
-- keyed blind index beside the sealed value. The values themselves are sealed at start-up by
-- the server, which holds the key (a migration cannot).
ALTER TABLE organization_private ADD COLUMN contact_email_index TEXT;
CREATE INDEX organization_private_contact_email_index ON organization_private (contact_email_index);
ALTER TABLE users ADD COLUMN email_index TEXT;
CREATE UNIQUE INDEX users_email_index ON users (email_index);
-- Which key the values are sealed with: a known text sealed under it, so that a server given
-- another key refuses to start instead of failing on every private value.
CREATE TABLE data_key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    sealed TEXT NOT NULL
);
