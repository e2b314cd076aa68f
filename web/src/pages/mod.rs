pub mod map_page;
pub mod organization_page;
