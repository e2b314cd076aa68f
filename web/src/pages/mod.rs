pub mod about_page;
pub mod contact_page;
pub mod embed_page;
pub mod join_page;
pub mod map_page;
pub mod organization_page;
pub mod owner_page;
pub mod resources_page;
