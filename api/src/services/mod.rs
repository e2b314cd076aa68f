//! The domain rules, one file per feature. Each public function runs on the caller's
//! connection, opens its own write transaction when it writes (so each action is all or nothing)
//! and, for a moderator's or admin's action, writes its audit row in that transaction.
//! Handlers, pages and the command line call these and nothing below them that writes.
//!
//! Layers, from the bottom: `db` (schema, rows, queries) < `services` < `auth` < `handlers` and
//! `site` < `routes` and `startup`. No module imports from a layer above its own
//! (`tests/api/layers.rs` checks it).

pub mod calls_to_action;
pub mod crisis;
pub mod entries;
pub mod events;
pub mod freshness;
pub mod link_checks;
pub mod maintenance;
pub mod moderation;
pub mod organizations;
pub mod owner;
pub mod relay;
pub mod reports;
pub mod slugs;
pub mod submissions;
pub mod transfer;
