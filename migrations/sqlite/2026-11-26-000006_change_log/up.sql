-- Issue #8: a log of which organisations changed, written by the database itself (so every
-- writer is covered: the server, the CLI, another instance), so that a server refreshing its
-- in-memory index re-reads only those organisations instead of comparing every published one.
-- SQLite has one writer at a time, so `seq` grows in commit order.
CREATE TABLE organization_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL
);

-- Rows up to this seq may have been pruned; an index that saw less must compare everything.
ALTER TABLE data_version ADD COLUMN changes_pruned_through BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER organizations_logged_insert AFTER INSERT ON organizations
BEGIN INSERT INTO organization_changes (organization_id) VALUES (NEW.id); END;
CREATE TRIGGER organizations_logged_update AFTER UPDATE ON organizations
BEGIN INSERT INTO organization_changes (organization_id) VALUES (NEW.id); END;
CREATE TRIGGER organizations_logged_delete AFTER DELETE ON organizations
BEGIN INSERT INTO organization_changes (organization_id) VALUES (OLD.id); END;

CREATE TRIGGER organization_focus_areas_logged_insert AFTER INSERT ON organization_focus_areas
BEGIN INSERT INTO organization_changes (organization_id) VALUES (NEW.organization_id); END;
CREATE TRIGGER organization_focus_areas_logged_update AFTER UPDATE ON organization_focus_areas
BEGIN INSERT INTO organization_changes (organization_id) VALUES (NEW.organization_id); END;
CREATE TRIGGER organization_focus_areas_logged_delete AFTER DELETE ON organization_focus_areas
BEGIN INSERT INTO organization_changes (organization_id) VALUES (OLD.organization_id); END;
