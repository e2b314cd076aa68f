//! `/api/v1/map/places`: GeoNames place names for the map without a street basemap.

use reqwest::StatusCode;
use solidarity_map_tests::spawn_app;

#[tokio::test]
async fn places_in_a_viewport_come_most_populous_first_with_their_arabic_names() {
    let app = spawn_app().await;
    let places = app
        .get_json("/api/v1/map/places?bbox=34.9,31.6,35.5,32.0&zoom=11")
        .await;
    let places = places.as_array().unwrap();
    assert!(places.len() > 3, "{places:?}");
    assert!(places.len() <= 250);
    assert_eq!(places[0]["name"], "Jerusalem");
    assert_eq!(places[0]["name_ar"], "القدس");
    assert_eq!(places[0]["country"], "PS");
    for place in places {
        let (lon, lat) = (
            place["longitude"].as_f64().unwrap(),
            place["latitude"].as_f64().unwrap(),
        );
        assert!((34.9..=35.5).contains(&lon) && (31.6..=32.0).contains(&lat));
    }
    assert!(
        places
            .iter()
            .any(|p| p["name"] == "Ramallah" && p["name_ar"] == "رام الله"),
        "{places:?}"
    );
}

#[tokio::test]
async fn places_need_a_valid_bbox_and_zoom() {
    let app = spawn_app().await;
    for query in [
        "",
        "bbox=1,2,3,4",
        "zoom=3",
        "bbox=0,95,1,96&zoom=3",
        "bbox=0,0,1,1&zoom=30",
    ] {
        let response = app.get(&format!("/api/v1/map/places?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
    }
}
