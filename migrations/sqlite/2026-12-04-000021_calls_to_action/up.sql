-- Calls to action from Jerusalem (issue #19): asks that Jerusalem grassroots organisations (or
-- the moderators for them) publish. The same DDL runs on both backends. An ask is public while
-- it is `published`, its `by_when` day has not passed (UTC) and its organisation is public;
-- "expired" is not stored, it follows from the date. Public fields only.
CREATE TABLE calls_to_action (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    by_when DATE NOT NULL,
    how_to_help TEXT NOT NULL,
    link TEXT,
    status TEXT NOT NULL CHECK (status IN ('published', 'withdrawn')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX calls_to_action_by_status_day ON calls_to_action (status, by_when);
CREATE INDEX calls_to_action_by_organization ON calls_to_action (organization_id, created_at);

-- The daily digest of new asks to the groups twinned with the asking organisation: per group,
-- when it last had one (at most one a day; asks published since are new to it) and whether it
-- unsubscribed (one click, no account). Nothing else is kept: not which asks went, nor to
-- which address (the address is the group's contact address, read at sending time).
CREATE TABLE call_to_action_digests (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    last_sent_at TIMESTAMP,
    unsubscribed BOOLEAN NOT NULL DEFAULT FALSE
);

-- The one-click unsubscribe address of a digest waiting to be sent (RFC 8058's List-Unsubscribe
-- header), sealed like the message's other fields, and emptied once it is sent.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
