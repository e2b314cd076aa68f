-- Issue #8: a log of which organisations changed, written by the database itself (so every
-- writer is covered: the server, the CLI, another instance), so that a server refreshing its
-- in-memory index re-reads only those organisations instead of comparing every published one.
CREATE TABLE organization_changes (
    seq BIGSERIAL PRIMARY KEY,
    organization_id TEXT NOT NULL
);

-- Rows up to this seq may have been pruned; an index that saw less must compare everything.
ALTER TABLE data_version ADD COLUMN changes_pruned_through BIGINT NOT NULL DEFAULT 0;

-- A reader takes every row after the last seq it saw, so seqs must become visible in order.
-- Sequence values are handed out at insert time, not at commit; so a transaction first takes
-- the write lock every write transaction takes (`lock_for_write`, advisory lock 5170; taking it
-- again in the same transaction costs nothing), and no two transactions log at the same time.
CREATE FUNCTION organization_changes_take_turns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5170);
    RETURN NULL;
END
$$;

CREATE FUNCTION organizations_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO organization_changes (organization_id) VALUES (OLD.id);
    ELSE
        INSERT INTO organization_changes (organization_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION organization_focus_areas_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO organization_changes (organization_id) VALUES (OLD.organization_id);
    ELSE
        INSERT INTO organization_changes (organization_id) VALUES (NEW.organization_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER organizations_take_turns BEFORE INSERT OR UPDATE OR DELETE ON organizations
FOR EACH STATEMENT EXECUTE FUNCTION organization_changes_take_turns();
CREATE TRIGGER organizations_logged AFTER INSERT OR UPDATE OR DELETE ON organizations
FOR EACH ROW EXECUTE FUNCTION organizations_log_change();

CREATE TRIGGER organization_focus_areas_take_turns BEFORE INSERT OR UPDATE OR DELETE ON organization_focus_areas
FOR EACH STATEMENT EXECUTE FUNCTION organization_changes_take_turns();
CREATE TRIGGER organization_focus_areas_logged AFTER INSERT OR UPDATE OR DELETE ON organization_focus_areas
FOR EACH ROW EXECUTE FUNCTION organization_focus_areas_log_change();
