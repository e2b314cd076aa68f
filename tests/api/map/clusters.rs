use serde_json::Value;
use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

const WORLD: &str = "bbox=-180,-85,180,85";

fn total(response: &Value) -> u64 {
    response["total"].as_u64().unwrap_or(0)
}

fn summed(response: &Value) -> u64 {
    response["features"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            if f["type"] == "cluster" {
                f["count"].as_u64().unwrap_or(0)
            } else {
                1
            }
        })
        .sum()
}

#[tokio::test]
async fn every_zoom_of_the_world_view_accounts_for_every_published_organisation() {
    let app = spawn_app().await;
    app.seed_demo(500);
    app.insert(
        draft("Hidden Group", "media", "Oslo", "NO", 59.9, 10.7),
        Status::Hidden,
    );
    for zoom in [0, 2, 5, 9, 14, 22] {
        let response = app
            .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom={zoom}"))
            .await;
        assert_eq!(
            (total(&response), summed(&response)),
            (500, 500),
            "zoom {zoom}"
        );
    }
    let world = app
        .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom=1"))
        .await;
    let features = world["features"].as_array().cloned().unwrap_or_default();
    assert!(
        features.len() < 150,
        "{} features at zoom 1",
        features.len()
    );
    let cluster = features
        .iter()
        .find(|f| f["type"] == "cluster")
        .cloned()
        .unwrap_or_default();
    assert!(cluster["count"].as_u64().unwrap_or(0) >= 2);
    assert!(cluster["expansion_zoom"].as_u64().unwrap_or(0) >= 2);
    assert_eq!(cluster["bbox"].as_array().map(Vec::len), Some(4));
}

#[tokio::test]
async fn zooming_into_jerusalem_shows_its_organisations_one_by_one() {
    let app = spawn_app().await;
    app.seed_demo(300);
    let response = app
        .get_json("/api/v1/map/clusters?bbox=35.15,31.70,35.30,31.86&zoom=22")
        .await;
    let features = response["features"].as_array().cloned().unwrap_or_default();
    assert!(features.iter().all(|f| f["type"] == "organization"));
    let jerusalem = features
        .iter()
        .filter(|f| f["category"] == "jerusalem_grassroots")
        .count();
    assert_eq!(jerusalem, 80);
    let slug = features[0]["slug"].as_str().unwrap_or("");
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{slug}"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn filters_select_what_is_clustered_and_changes_show_at_once() {
    let app = spawn_app().await;
    app.seed_demo(300);
    let categories = app.get_json("/api/v1/categories").await;
    let media = categories
        .as_array()
        .and_then(|c| c.iter().find(|c| c["key"] == "media"))
        .map_or(0, |c| c["count"].as_u64().unwrap_or(0));
    let response = app
        .get_json(&format!(
            "/api/v1/map/clusters?{WORLD}&zoom=3&category=media"
        ))
        .await;
    assert_eq!(total(&response), media);
    let none = app
        .get_json(&format!(
            "/api/v1/map/clusters?{WORLD}&zoom=3&q=nothing-matches-this"
        ))
        .await;
    assert_eq!(total(&none), 0);

    let added = app.insert(
        draft(
            "Freshly Approved Group",
            "media",
            "Reykjavik",
            "IS",
            64.14,
            -21.94,
        ),
        Status::Published,
    );
    let after = app
        .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom=22&q=freshly"))
        .await;
    assert_eq!(after["features"][0]["slug"], added.slug.as_str());
    let media_after = app
        .get_json(&format!(
            "/api/v1/map/clusters?{WORLD}&zoom=3&category=media"
        ))
        .await;
    assert_eq!(total(&media_after), media + 1);
}

/// Each cluster's `categories` as (key, count), checked: largest first, adding up to its count.
fn shares_of(cluster: &Value) -> Vec<(String, u64)> {
    let shares: Vec<(String, u64)> = cluster["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["category"].as_str().unwrap_or("").to_owned(),
                s["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        shares.iter().map(|(_, n)| n).sum::<u64>(),
        cluster["count"].as_u64().unwrap_or(0),
        "{cluster}"
    );
    assert!(
        shares.windows(2).all(|w| w[0].1 >= w[1].1),
        "largest first: {cluster}"
    );
    shares
}

#[tokio::test]
async fn a_cluster_counts_its_members_per_category_and_a_category_filter_leaves_one() {
    let app = spawn_app().await;
    app.seed_demo(400);
    let categories = app.get_json("/api/v1/categories").await;
    let published: std::collections::BTreeMap<String, u64> = categories
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["key"].as_str().unwrap_or("").to_owned(),
                c["count"].as_u64().unwrap_or(0),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    for zoom in [1, 4, 9] {
        let response = app
            .get_json(&format!("/api/v1/map/clusters?{WORLD}&zoom={zoom}"))
            .await;
        let mut seen = std::collections::BTreeMap::<String, u64>::new();
        let mut mixed = 0;
        for feature in response["features"].as_array().into_iter().flatten() {
            if feature["type"] == "cluster" {
                let shares = shares_of(feature);
                mixed += usize::from(shares.len() > 1);
                for (key, n) in shares {
                    *seen.entry(key).or_default() += n;
                }
            } else {
                let key = feature["category"].as_str().unwrap_or("").to_owned();
                *seen.entry(key).or_default() += 1;
            }
        }
        assert_eq!(
            seen, published,
            "zoom {zoom}: every organisation under its own category"
        );
        if zoom == 1 {
            assert!(
                mixed > 0,
                "the world view has clusters of several categories"
            );
        }
    }
    let media = app
        .get_json(&format!(
            "/api/v1/map/clusters?{WORLD}&zoom=2&category=media"
        ))
        .await;
    let clusters: Vec<&Value> = media["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["type"] == "cluster")
        .collect();
    assert!(!clusters.is_empty());
    for cluster in clusters {
        let count = cluster["count"].as_u64().unwrap_or(0);
        assert_eq!(shares_of(cluster), vec![("media".to_owned(), count)]);
    }
}

#[tokio::test]
async fn a_bad_viewport_or_zoom_is_a_400_naming_the_field() {
    let app = spawn_app().await;
    for (query, field) in [
        ("zoom=3", "bbox"),
        (WORLD, "zoom"),
        ("bbox=0,95,1,96&zoom=3", "bbox"),
        ("bbox=0,0,1,1&zoom=23", "zoom"),
        ("bbox=0,0,1,1&zoom=-1", "zoom"),
        ("bbox=0,0,1,1&zoom=NaN", "zoom"),
        ("bbox=0,0,1,1&zoom=3&category=unknown_kind", "category"),
    ] {
        let response = app.get(&format!("/api/v1/map/clusters?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let problem: Value = response.json().await.unwrap_or_default();
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
    }
}
