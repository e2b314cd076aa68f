use shared::domain::Status;
use solidarity_map::transfer::{self, Change};
use solidarity_map_tests::spawn_app;

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
