//! Black-box tests of the HTTP API. Each test starts its own server on a free port with a fresh
//! database; modules mirror the URLs.

mod abuse;
mod admin;
mod auth;
mod backup;
mod cities;
mod demo;
mod freshness;
mod freshness_admin;
mod health;
mod http;
mod import_export;
mod index;
mod languages;
mod layers;
mod link_checks;
mod map;
mod openapi;
mod organizations;
mod outbox;
mod owner;
mod pages;
mod privacy;
mod private_at_rest;
mod reference;
mod scale_out;
mod security_auth;
mod security_caching;
mod security_csv;
mod security_form_tokens;
mod security_head;
mod security_logs;
mod security_publish;
mod security_secrets;
mod security_timeouts;
mod submissions;
