DROP TABLE partnerships;
DROP TABLE resource_organizations;
DROP TABLE resources;
DROP TABLE organization_private;
DROP TABLE organization_focus_areas;
DROP TABLE organizations;
DROP TABLE focus_areas;
DROP TABLE categories;
