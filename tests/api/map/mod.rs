mod clusters;
mod config;
