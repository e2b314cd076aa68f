//! Server-side clustering for the map: a supercluster-style hierarchical index held in memory.
//! Points are clustered greedily zoom by zoom, from the most detailed level up to the world view,
//! so any viewport at any zoom is answered by reading one precomputed level.

mod cluster;

pub use cluster::{CategoryCount, ClusterIndex, ClusterOptions, MapItem, PointInput, Shares};
