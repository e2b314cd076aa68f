-- Link checks (issue #18): every entry's website and links and every resource's URL, checked
-- in the background by address (one row per URL, however many entries use it). The same DDL
-- runs on both backends. A URL is dead after three failed checks at least a week apart, and is
-- then left out of the public record until a check succeeds again.
CREATE TABLE link_checks (
    url TEXT PRIMARY KEY NOT NULL,
    next_check_at TIMESTAMP NOT NULL,
    checked_at TIMESTAMP,
    outcome TEXT,
    http_status INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    counted_failure_at TIMESTAMP,
    dead BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX link_checks_due ON link_checks (next_check_at);
