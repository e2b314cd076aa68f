pub mod legend;
pub mod organization_map;
