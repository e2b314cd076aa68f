use solidarity_map_tests::{spawn_app, spawn_app_with};

#[tokio::test]
async fn by_default_the_map_uses_no_tile_server() {
    let app = spawn_app().await;
    let config = app.get_json("/api/v1/map/config").await;
    assert_eq!(
        config,
        serde_json::json!({"tile_url": null, "tile_attribution": null, "pmtiles_url": null})
    );
}

#[tokio::test]
async fn an_operator_can_configure_raster_tiles_with_their_attribution() {
    let app = spawn_app_with(|settings| {
        settings.map.tile_url = Some("https://tiles.example.org/{z}/{x}/{y}.png".into());
        settings.map.tile_attribution = Some("© Example tiles".into());
    })
    .await;
    let config = app.get_json("/api/v1/map/config").await;
    assert_eq!(
        config["tile_url"],
        "https://tiles.example.org/{z}/{x}/{y}.png"
    );
    assert_eq!(config["tile_attribution"], "© Example tiles");
}

#[test]
fn an_operator_tile_url_must_be_a_template() {
    use solidarity_map::config::parse_tile_url;
    assert!(parse_tile_url("https://tiles.example.org/{z}/{x}/{y}.png").is_ok());
    assert!(parse_tile_url("https://tiles.example.org/tile.png").is_err());
    assert!(parse_tile_url("javascript:alert(1)//{z}{x}{y}").is_err());
}
