//! The International Solidarity Map server: HTTP API, CLI and host of the web app.

pub mod assets;
pub mod auth;
pub mod backup;
pub mod cities;
pub mod client_address;
pub mod config;
pub mod data_key;
pub mod db;
pub mod demo;
pub mod error;
pub mod handlers;
pub mod http;
pub mod index;
pub mod link_check;
pub mod mail;
pub mod map;
pub mod routes;
pub mod secrets;
pub mod services;
pub mod site;
pub mod startup;
pub mod write_limit;
