use reqwest::Method;
use serde_json::Value;
use shared::domain::Status;
use solidarity_map::services::transfer::{self, Change};
use solidarity_map_tests::{TestApp, draft, spawn_app};

#[tokio::test]
async fn an_export_imports_back_into_an_empty_map_unchanged() {
    let source = spawn_app().await;
    source.seed_demo(150);
    let csv = source
        .get("/api/v1/organizations.csv?limit=5000")
        .await
        .bytes()
        .await
        .unwrap_or_default();
    let geojson = source
        .get("/api/v1/organizations.geojson?limit=5000")
        .await
        .bytes()
        .await
        .unwrap_or_default();

    for (bytes, reader) in [
        (
            csv.to_vec(),
            transfer::read_csv as fn(&[u8]) -> anyhow::Result<Vec<transfer::ImportRecord>>,
        ),
        (geojson.to_vec(), transfer::read_geojson),
    ] {
        let target = spawn_app().await;
        let mut conn = target.pool.get().unwrap_or_else(|e| panic!("{e}"));
        let records = reader(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
        let plan =
            transfer::plan_import(&mut conn, records.clone()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            plan.summary(),
            "150 to create, 0 to update, 0 unchanged, 0 invalid"
        );
        // A dry run writes nothing.
        assert_eq!(
            target.get_json("/api/v1/organizations").await["items"]
                .as_array()
                .map(Vec::len),
            Some(0)
        );
        let (created, updated) = transfer::apply_import(&mut conn, &plan, Status::Published, || {})
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((created, updated), (150, 0));
        let exported_again = target
            .get("/api/v1/organizations.csv?limit=5000")
            .await
            .text()
            .await
            .unwrap_or_default();
        let source_rows = transfer::read_csv(&csv).unwrap_or_default();
        let target_rows = transfer::read_csv(exported_again.as_bytes()).unwrap_or_default();
        // Coordinates are compared to a nanodegree: a text round trip may move the last bit.
        let key = |r: &transfer::ImportRecord| {
            let mut draft = r.draft.clone();
            draft.latitude = draft.latitude.map(|v| (v * 1e9).round());
            draft.longitude = draft.longitude.map(|v| (v * 1e9).round());
            (r.id.clone(), r.slug.clone(), draft)
        };
        assert_eq!(source_rows.len(), target_rows.len());
        for (a, b) in source_rows.iter().zip(&target_rows) {
            assert_eq!(key(a), key(b));
        }
        // Importing the same file again changes nothing.
        let again = transfer::plan_import(&mut conn, records).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            again.summary(),
            "0 to create, 0 to update, 150 unchanged, 0 invalid"
        );
    }
}

#[tokio::test]
async fn an_import_with_bad_rows_reports_each_field_and_applies_only_good_rows_atomically() {
    let app = spawn_app().await;
    let csv = "name,category,city,country,latitude,longitude,precision\n\
               Example Good Group,media,Oslo,NO,59.9,10.75,exact\n\
               <script>x</script>,media,Oslo,NO,59.9,10.75,exact\n\
               Example Far North,media,Oslo,NO,95,10.75,exact\n\
               Example Wrong Kind,no_such_category,Oslo,NO,59.9,10.75,exact\n";
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let plan = transfer::plan_import(
        &mut conn,
        transfer::read_csv(csv.as_bytes()).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let invalid: Vec<(usize, String, String)> = plan
        .changes
        .iter()
        .filter_map(|p| match &p.change {
            Change::Invalid(errors) => Some((
                p.record.number,
                errors[0].field.clone(),
                errors[0].rule.clone(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        invalid,
        [
            (2, "name".to_owned(), "markup_not_allowed".to_owned()),
            (3, "latitude".to_owned(), "out_of_range".to_owned()),
            (4, "category".to_owned(), "unknown_category".to_owned())
        ]
    );
    transfer::apply_import(&mut conn, &plan, Status::Published, || {})
        .unwrap_or_else(|e| panic!("{e:?}"));
    let page = app.get_json("/api/v1/organizations").await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
}

/// An admin's raw upload to the import.
async fn upload(app: &TestApp, token: &str, query: &str, body: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/admin/import?{query}")))
        .bearer_auth(token)
        .header("Content-Type", "text/csv")
        .body(body.to_owned())
        .send()
        .await
        .unwrap_or_else(|e| panic!("import: {e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn public_count(app: &TestApp) -> usize {
    app.get_json("/api/v1/organizations").await["items"]
        .as_array()
        .map_or(0, Vec::len)
}

const MIXED_CSV: &str = "name,category,city,country,latitude,longitude,precision\n\
                         Example Good Group,media,Oslo,NO,59.9,10.75,exact\n\
                         Example Far North,media,Oslo,NO,95,10.75,exact\n\
                         Example Second Group,student_group,Bergen,NO,60.39,5.32,exact\n";

#[tokio::test]
async fn an_http_import_dry_run_writes_nothing_and_the_real_one_writes_the_valid_rows_once() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let audit_before = app.audit_count();

    let (status, dry) = upload(&app, &token, "format=csv&dry_run=true", MIXED_CSV).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(
        (
            &dry["dry_run"],
            &dry["created"],
            &dry["updated"],
            &dry["unchanged"],
            &dry["invalid"]
        ),
        (
            &Value::Bool(true),
            &Value::from(2),
            &Value::from(0),
            &Value::from(0),
            &Value::from(1)
        )
    );
    let rows = dry["rows"].as_array().cloned().unwrap_or_default();
    let summary: Vec<(u64, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["number"].as_u64().unwrap_or_default(),
                r["name"].as_str().unwrap_or_default(),
                r["change"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "Example Good Group", "create"),
            (2, "Example Far North", "invalid"),
            (3, "Example Second Group", "create")
        ]
    );
    assert_eq!(rows[1]["errors"][0]["field"], "latitude");
    assert_eq!(rows[1]["errors"][0]["rule"], "out_of_range");
    assert!(rows[1]["id"].is_null());
    assert_eq!(public_count(&app).await, 0, "a dry run writes nothing");
    assert_eq!(app.audit_count(), audit_before, "nor audits");

    let (status, applied) = upload(&app, &token, "format=csv&dry_run=false", MIXED_CSV).await;
    assert_eq!(status, 200, "{applied}");
    assert_eq!(applied["dry_run"], false);
    assert_eq!(
        (&applied["created"], &applied["invalid"]),
        (&Value::from(2), &Value::from(1))
    );
    assert_eq!(public_count(&app).await, 2);
    assert_eq!(app.audit_count(), audit_before + 1);
    let log: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/audit", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(log[0]["action"], "import");
    assert_eq!(log[0]["after"]["created"], 2);
    assert_eq!(log[0]["after"]["invalid"], 1);

    // Records match stored entries by id, then slug: with the created ids, nothing to do.
    let ids: Vec<String> = applied["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let with_ids = format!(
        "id,name,category,city,country,latitude,longitude,precision\n\
         {},Example Good Group,media,Oslo,NO,59.9,10.75,exact\n\
         {},Example Second Group,student_group,Bergen,NO,60.39,5.32,exact\n",
        ids[0], ids[2]
    );
    let (_, again) = upload(&app, &token, "format=csv", &with_ids).await;
    assert_eq!(
        (&again["created"], &again["unchanged"]),
        (&Value::from(0), &Value::from(2)),
        "{again}"
    );

    // Created entries may get another status.
    let pending = "name,category,city,country,latitude,longitude\nExample Pending Group,media,Lima,PE,-12.05,-77.04\n";
    let (status, report) = upload(&app, &token, "format=csv&status=pending", pending).await;
    assert_eq!((status, &report["status"]), (200, &Value::from("pending")));
    assert_eq!(public_count(&app).await, 2);
}

#[tokio::test]
async fn an_http_import_takes_files_over_the_json_limit_and_refuses_unreadable_ones_and_moderators()
{
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    // About 100 KiB: more than the 64 KiB every other route takes.
    let mut big = String::from("name,category,city,country,latitude,longitude,description\n");
    for i in 0..400 {
        big.push_str(&format!(
            "Example Group {i},media,Oslo,NO,59.9,10.75,{}\n",
            "A long description. ".repeat(12)
        ));
    }
    assert!(big.len() > 64 * 1024);
    let (status, report) = upload(&app, &token, "format=csv&dry_run=true", &big).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["created"], 400);

    let geojson = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[10.75,59.9]},"properties":{"name":"Example Geo Group","category":"media","city":"Oslo","country":"NO"}}]}"#;
    let (status, report) = upload(&app, &token, "format=geojson&dry_run=true", geojson).await;
    assert_eq!((status, &report["created"]), (200, &Value::from(1)));

    for (query, body, field) in [
        ("format=csv", "just,some,columns\n1,2,3\n", "body"),
        ("format=geojson", "{not json", "body"),
        (
            "format=geojson",
            r#"{"type":"Point","coordinates":[1,2]}"#,
            "body",
        ),
        ("format=xlsx", "", "format"),
        ("", "", "format"),
        ("format=csv&dry_run=maybe", "", "dry_run"),
        ("format=csv&status=gone", "", "status"),
    ] {
        let (status, problem) = upload(&app, &token, query, body).await;
        assert_eq!(status, 400, "{query}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
    }

    let (moderator, _) = app.moderator_token().await;
    let (status, _) = upload(&app, &moderator, "format=csv", MIXED_CSV).await;
    assert_eq!(status, 403);
    assert_eq!(public_count(&app).await, 0);
}

#[tokio::test]
async fn the_admin_export_has_every_status_and_no_private_field_and_imports_back_unchanged() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let published = app.insert_with_private(
        draft(
            "Example Published Group",
            "media",
            "Oslo",
            "NO",
            59.9,
            10.75,
        ),
        Status::Published,
        Some("published-contact@example.net"),
        "a private note about Oslo",
    );
    let hidden = app.insert_with_private(
        draft(
            "Example Hidden Group",
            "media",
            "Lima",
            "PE",
            -12.05,
            -77.04,
        ),
        Status::Hidden,
        Some("hidden-contact@example.net"),
        "",
    );
    {
        use diesel::prelude::*;
        use solidarity_map::db::schema::organization_private;
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        diesel::update(organization_private::table.find(hidden.id.to_string()))
            .set(organization_private::owner_token_hash.eq(Some("an-owner-token-hash")))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    let response = app
        .staff(Method::GET, &token, "/api/v1/admin/export", None)
        .await;
    assert_eq!(response.status(), 200);
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(disposition, "attachment; filename=\"organizations.csv\"");
    let csv = response.text().await.unwrap_or_default();
    for secret in [
        "published-contact@example.net",
        "hidden-contact@example.net",
        "a private note about Oslo",
        "an-owner-token-hash",
    ] {
        assert!(!csv.contains(secret), "the export shows {secret}");
    }
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    assert_eq!(header.iter().next_back(), Some("status"));
    let rows: Vec<(String, String)> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| {
            (
                r.get(2).unwrap_or_default().to_owned(),
                r.iter().next_back().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.contains(&(published.name.clone(), "published".to_owned())));
    assert!(rows.contains(&(hidden.name.clone(), "hidden".to_owned())));

    let response = app
        .staff(
            Method::GET,
            &token,
            "/api/v1/admin/export?format=geojson&status=hidden",
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap_or_default();
    assert!(!text.contains("hidden-contact@example.net"));
    let collection: Value = serde_json::from_str(&text).unwrap_or_default();
    let features = collection["features"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(features.len(), 1);
    assert_eq!(features[0]["properties"]["name"], hidden.name.as_str());
    assert_eq!(features[0]["properties"]["status"], "hidden");

    // What the export writes, the import reads: nothing to change.
    let (status, report) = upload(&app, &token, "format=csv&dry_run=true", &csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["unchanged"], 2, "{report}");

    for (query, field) in [("format=xlsx", "format"), ("status=gone", "status")] {
        let response = app
            .staff(
                Method::GET,
                &token,
                &format!("/api/v1/admin/export?{query}"),
                None,
            )
            .await;
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap_or_default();
        assert_eq!(problem["errors"][0]["field"], field);
    }
}
