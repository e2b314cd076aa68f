//! `/api/v1/map/...`: what the map draws.

pub mod clusters;
pub mod config;
pub mod places;
