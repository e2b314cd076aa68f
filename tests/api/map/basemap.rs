//! `/basemap.pmtiles`: the operator's street basemap, read by the browser with range requests.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, ACCEPT_RANGES, CONTENT_ENCODING, CONTENT_RANGE, RANGE};
use solidarity_map_tests::{TestApp, spawn_app, spawn_app_with};

/// A file that starts like a PMTiles archive, with bytes whose values give their offset.
#[expect(clippy::unwrap_used, reason = "a test's set-up fails the test")]
fn archive() -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.pmtiles");
    let mut bytes = b"PMTiles\x03".to_vec();
    bytes.extend((0..4000u32).map(|i| (i % 251) as u8));
    std::fs::write(&path, &bytes).unwrap();
    (dir, path, bytes)
}

async fn app_with_basemap() -> (TestApp, tempfile::TempDir, Vec<u8>) {
    let (dir, path, bytes) = archive();
    let app = spawn_app_with(|settings| settings.set_basemap(path)).await;
    (app, dir, bytes)
}

#[tokio::test]
async fn the_basemap_answers_a_range_request_with_206_and_content_range() {
    let (app, _dir, bytes) = app_with_basemap().await;
    let response = app
        .client
        .get(app.url("/basemap.pmtiles"))
        .header(RANGE, "bytes=100-199")
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    let headers = response.headers().clone();
    assert_eq!(headers[ACCEPT_RANGES], "bytes");
    assert_eq!(
        headers[CONTENT_RANGE],
        format!("bytes 100-199/{}", bytes.len()).as_str()
    );
    assert!(headers.contains_key("etag"), "{headers:?}");
    assert!(headers.contains_key("last-modified"), "{headers:?}");
    // Never compressed: the reader asked for these exact bytes.
    assert!(
        headers
            .get(CONTENT_ENCODING)
            .is_none_or(|e| e == "identity"),
        "{headers:?}"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), &bytes[100..200]);
}

#[tokio::test]
async fn the_basemap_answers_the_pmtiles_readers_first_request_for_the_header() {
    let (app, _dir, bytes) = app_with_basemap().await;
    // pmtiles.js asks for the first 16 KiB, more than this small file has.
    let response = app
        .client
        .get(app.url("/basemap.pmtiles"))
        .header(RANGE, "bytes=0-16383")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        response.headers()[CONTENT_RANGE],
        format!("bytes 0-{}/{}", bytes.len() - 1, bytes.len()).as_str()
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn a_range_outside_the_basemap_gets_416_with_its_length() {
    let (app, _dir, bytes) = app_with_basemap().await;
    let response = app
        .client
        .get(app.url("/basemap.pmtiles"))
        .header(RANGE, format!("bytes={}-", bytes.len() + 10))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        response.headers()[CONTENT_RANGE],
        format!("bytes */{}", bytes.len()).as_str()
    );
}

#[tokio::test]
async fn head_on_the_basemap_gives_its_length_and_range_support_without_a_body() {
    let (app, _dir, bytes) = app_with_basemap().await;
    let response = app
        .client
        .head(app.url("/basemap.pmtiles"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[ACCEPT_RANGES], "bytes");
    assert_eq!(
        response.headers()["content-length"],
        bytes.len().to_string().as_str()
    );
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_whole_basemap_request_gets_every_byte_uncompressed() {
    let (app, _dir, bytes) = app_with_basemap().await;
    let response = app
        .client
        .get(app.url("/basemap.pmtiles"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn the_map_config_names_the_basemap_only_when_one_is_configured() {
    let (app, _dir, _) = app_with_basemap().await;
    let config = app.get_json("/api/v1/map/config").await;
    assert_eq!(config["pmtiles_url"], "/basemap.pmtiles");

    let without = spawn_app().await;
    let config = without.get_json("/api/v1/map/config").await;
    assert_eq!(config["pmtiles_url"], serde_json::Value::Null);
    assert_eq!(
        without.get("/basemap.pmtiles").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn the_basemap_setting_must_name_a_pmtiles_v3_archive() {
    use solidarity_map::config::parse_basemap_pmtiles;
    let (dir, path, _) = archive();
    assert!(parse_basemap_pmtiles(path.to_str().unwrap()).is_ok());
    let old = dir.path().join("old.pmtiles");
    std::fs::write(&old, b"PMTiles\x02rest").unwrap();
    assert!(
        parse_basemap_pmtiles(old.to_str().unwrap())
            .unwrap_err()
            .contains("version 2")
    );
    let other = dir.path().join("tiles.mbtiles");
    std::fs::write(&other, b"SQLite format 3\0").unwrap();
    assert!(parse_basemap_pmtiles(other.to_str().unwrap()).is_err());
    assert!(parse_basemap_pmtiles("/nonexistent/x.pmtiles").is_err());
}
