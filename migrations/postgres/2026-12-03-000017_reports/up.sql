-- Reports from visitors (issue #18): "Report a problem" on an entry. The same DDL runs on both
-- backends. Nothing here says who reported: no address, no name, no account. The visitor's
-- words (`message`) are sealed with the data key like every private value. The state columns
-- follow `shared::api::ReportState`: `answer`/`answered_at` once the owner answered,
-- `outcome`/`resolved_at` once a moderator resolved it.
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    duplicate_of TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    message TEXT,
    status TEXT NOT NULL,
    hid_entry BOOLEAN NOT NULL DEFAULT FALSE,
    answer TEXT,
    answered_at TIMESTAMP,
    outcome TEXT,
    resolved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_by_status ON reports (status, created_at);
CREATE INDEX reports_by_organization ON reports (organization_id, status);
