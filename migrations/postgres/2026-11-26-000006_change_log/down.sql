DROP TRIGGER organization_focus_areas_logged ON organization_focus_areas;
DROP TRIGGER organization_focus_areas_take_turns ON organization_focus_areas;
DROP TRIGGER organizations_logged ON organizations;
DROP TRIGGER organizations_take_turns ON organizations;
DROP FUNCTION organization_focus_areas_log_change();
DROP FUNCTION organizations_log_change();
DROP FUNCTION organization_changes_take_turns();
ALTER TABLE data_version DROP COLUMN changes_pruned_through;
DROP TABLE organization_changes;
