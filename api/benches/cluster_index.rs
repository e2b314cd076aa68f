//! Benchmark (run with `cargo bench -p solidarity-map --bench cluster_index`): how long building
//! the cluster index takes for 100,000 and 1,000,000 points spread like the demo data over the
//! world's cities in seven categories, how much memory the index holds, and how long a world
//! view and a city view query take. Prints the best of five.

use std::time::{Duration, Instant};

use solidarity_map::map::{ClusterIndex, ClusterOptions, PointInput};

fn points(count: usize) -> Vec<PointInput> {
    let cities = solidarity_map::cities::all();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..count)
        .map(|i| {
            let city = &cities[(next() * next() * cities.len() as f64) as usize % cities.len()];
            PointInput {
                latitude: (city.latitude + (next() - 0.5) * 0.08).clamp(-85.0, 85.0),
                longitude: (city.longitude + (next() - 0.5) * 0.08).clamp(-180.0, 180.0),
                handle: i as u32,
                // Seven categories, evenly, as in the demo data (from the index, not the random
                // sequence, so the points are where they were before categories were counted).
                category: (i % 7) as u16,
            }
        })
        .collect()
}

fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = work();
        best = best.min(started.elapsed());
        last = Some(value);
    }
    match last {
        Some(value) => (best, value),
        None => (best, work()),
    }
}

fn main() {
    for count in [100_000, 1_000_000] {
        let input = points(count);
        let (build, index) = best_of(5, || ClusterIndex::build(&input, ClusterOptions::default()));
        let (world, items) = best_of(5, || index.query([-180.0, -85.0, 180.0, 85.0], 2.0));
        let (city, city_items) = best_of(5, || index.query([-0.51, 51.28, 0.33, 51.69], 11.0));
        println!(
            "{count} points: build {:.0} ms, {:.1} MiB; world view (zoom 2) {} items in {:.3} ms; city view (zoom 11) {} items in {:.3} ms",
            build.as_secs_f64() * 1000.0,
            index.heap_bytes() as f64 / (1024.0 * 1024.0),
            items.len(),
            world.as_secs_f64() * 1000.0,
            city_items.len(),
            city.as_secs_f64() * 1000.0
        );
    }
}
