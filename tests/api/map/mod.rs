mod basemap;
mod clusters;
mod config;
mod places;
