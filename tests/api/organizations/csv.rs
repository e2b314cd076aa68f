use shared::domain::Status;
use solidarity_map_tests::{draft, spawn_app};

#[tokio::test]
async fn csv_has_a_header_and_one_row_per_organisation_and_defuses_formulas() {
    let app = spawn_app().await;
    let mut d = draft(
        "=HYPERLINK(\"x\") Group",
        "media",
        "Paris",
        "FR",
        48.85,
        2.35,
    );
    d.description = "Line one, with a comma and \"quotes\"".into();
    d.focus_areas = vec!["media".into(), "culture".into()];
    app.insert(d, Status::Published);
    let response = app.get("/api/v1/organizations.csv").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let text = response.text().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    assert_eq!(headers, solidarity_map::services::transfer::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][2], "'=HYPERLINK(\"x\") Group");
    assert_eq!(&rows[0][5], "Line one, with a comma and \"quotes\"");
    assert_eq!(&rows[0][14], "culture media");
}
