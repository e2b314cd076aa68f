//! Server settings, from flags or environment variables with defaults (see the README).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use shared::api::MapConfig;

use crate::db::DatabaseUrl;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    /// The built web app (`index.html`, the wasm module and assets).
    pub static_dir: PathBuf,
    /// Connections in the database pool.
    pub pool_size: u32,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// How often the in-memory index checks the database for changes.
    pub index_refresh: Duration,
    /// The map's optional raster tiles.
    pub map: MapConfig,
}

impl Settings {
    /// Settings for tests and tools: loopback on a free port, no web app.
    pub fn for_database(database_url: DatabaseUrl) -> Self {
        Self {
            database_url,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            static_dir: PathBuf::from("web/dist"),
            pool_size: 8,
            workers: 2,
            // Tests read right after they write: check on every request.
            index_refresh: Duration::ZERO,
            map: MapConfig::default(),
        }
    }
}

/// Checks an operator's tile URL template: http(s), with `{z}`, `{x}` and `{y}`.
pub fn parse_tile_url(text: &str) -> Result<String, String> {
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && ["{z}", "{x}", "{y}"].iter().all(|p| text.contains(p))
        && !text.contains(char::is_whitespace);
    if ok {
        Ok(text.to_owned())
    } else {
        Err("the tile URL must be an http(s) template with {z}, {x} and {y}".to_owned())
    }
}
