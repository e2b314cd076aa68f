//! Issue #13, item 6: no CSV export can make a spreadsheet run a formula, whichever separator
//! it splits cells on, and an export still imports back unchanged.

use reqwest::Method;
use shared::domain::Status;
use solidarity_map::services::transfer;
use solidarity_map_tests::{TestApp, draft, spawn_app};

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Fails when a spreadsheet that splits cells on `,`, `;`, tab or `|` (honouring quotes or
/// not) would find a cell that starts with a formula trigger and is not a plain number.
fn assert_no_formula_cell(csv: &str) {
    for separator in [',', ';', '\t', '|'] {
        for line in csv.split(['\n', '\r']) {
            for cell in line.split(separator) {
                let cell = cell.trim_start_matches(' ').trim_start_matches('"');
                let number = cell.trim_end_matches('"').parse::<f64>().is_ok();
                assert!(
                    !cell.starts_with(TRIGGERS) || number,
                    "split on {separator:?}, a cell starts with a formula: {cell:?} in {line:?}"
                );
            }
        }
    }
}

/// The tricky texts, planted in one published entry.
fn plant(app: &TestApp) {
    let mut d = draft(
        "Group;=1+1",
        "media",
        "Oslo;=HYPERLINK(\"x\")",
        "NO",
        59.91,
        -10.75,
    );
    d.description = "Intro, then;@SUM(A1)|+2\n-item, =x and 'quoted".into();
    d.name_ar = Some("-مجموعة;+".into());
    app.insert(d, Status::Published);
}

#[tokio::test]
async fn both_csv_exports_quote_every_text_and_defuse_formulas_after_any_separator() {
    let app = spawn_app().await;
    plant(&app);
    let (admin, _) = app.admin_token().await;
    let public = app
        .get("/api/v1/organizations.csv")
        .await
        .text()
        .await
        .unwrap_or_default();
    let private = app
        .staff(Method::GET, &admin, "/api/v1/admin/export", None)
        .await
        .text()
        .await
        .unwrap_or_default();
    for csv in [&public, &private] {
        assert!(csv.starts_with("\"id\",\"slug\",\"name\""), "{csv}");
        assert!(csv.contains("\"Oslo;'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(
            csv.contains(",59.91,-10.75,"),
            "numbers stay numbers: {csv}"
        );
        assert_no_formula_cell(csv);
    }
}

#[tokio::test]
async fn a_defused_export_imports_back_to_the_same_texts() {
    let app = spawn_app().await;
    plant(&app);
    let csv = app
        .get("/api/v1/organizations.csv")
        .await
        .bytes()
        .await
        .unwrap_or_default();
    let records = transfer::read_csv(&csv).unwrap_or_else(|e| panic!("{e:?}"));
    let draft = &records[0].draft;
    assert_eq!(draft.name, "Group;=1+1");
    assert_eq!(draft.city, "Oslo;=HYPERLINK(\"x\")");
    assert_eq!(
        draft.description,
        "Intro, then;@SUM(A1)|+2\n-item, =x and 'quoted"
    );
    assert_eq!(draft.name_ar.as_deref(), Some("-مجموعة;+"));
    assert_eq!(draft.longitude, Some(-10.75));
}
