use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

#[tokio::test]
async fn geojson_is_an_rfc7946_feature_collection_with_longitude_first() {
    let app = spawn_app().await;
    app.insert(
        draft(
            "Example Group, Santiago",
            "solidarity_group",
            "Santiago",
            "CL",
            -33.45,
            -70.66,
        ),
        Status::Published,
    );
    app.insert(
        draft(
            "Example Group, Lima",
            "solidarity_group",
            "Lima",
            "PE",
            -12.04,
            -77.03,
        ),
        Status::Published,
    );
    let response = app.get("/api/v1/organizations.geojson?country=CL").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["type"], "FeatureCollection");
    let features = body["features"].as_array().cloned().unwrap_or_default();
    assert_eq!(features.len(), 1);
    assert_eq!(features[0]["type"], "Feature");
    assert_eq!(features[0]["geometry"]["type"], "Point");
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        serde_json::json!([-70.66, -33.45])
    );
    assert_eq!(features[0]["properties"]["name"], "Example Group, Santiago");
    assert!(features[0]["properties"].get("location").is_none());
}

#[tokio::test]
async fn geojson_pages_link_to_the_next_page() {
    let app = spawn_app().await;
    app.seed_demo(120);
    let response = app.get("/api/v1/organizations.geojson?limit=100").await;
    let link = response
        .headers()
        .get("link")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["features"].as_array().map(Vec::len), Some(100));
    let cursor = body["next_cursor"].as_str().unwrap_or("");
    assert!(
        link.contains(&format!("cursor={cursor}")) && link.ends_with("rel=\"next\""),
        "{link}"
    );
    let next_path = link.trim_start_matches('<').split('>').next().unwrap_or("");
    let rest: serde_json::Value = app.get_json(next_path).await;
    assert_eq!(rest["features"].as_array().map(Vec::len), Some(20));
    assert!(rest["next_cursor"].is_null());
}

#[tokio::test]
async fn geojson_refuses_pages_over_5000() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/organizations.geojson?limit=5001").await;
    assert_eq!(response.status(), 400);
}
