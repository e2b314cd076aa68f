pub mod join_page;
pub mod map_page;
pub mod organization_page;
pub mod owner_page;
