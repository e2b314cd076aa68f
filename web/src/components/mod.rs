pub mod legend;
pub mod organization_map;
pub mod organization_marker;
