//! Test support: `spawn_app()` starts the real server on a free loopback port against a fresh
//! database (a new SQLite file, or a new PostgreSQL database when `TEST_BACKEND=postgres`).

use diesel::{Connection, RunQueryDsl};
use shared::api::OrganizationDraft;
use shared::domain::{Slug, Status};
use solidarity_map::config::Settings;
use solidarity_map::db::models::organization::{self, NewOrganization};
use solidarity_map::db::{DatabaseUrl, DbPool};
use solidarity_map::startup::Application;
use solidarity_map::transfer;
use uuid::Uuid;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: DbPool,
    // Kept so the SQLite file lives as long as the test.
    _dir: Option<tempfile::TempDir>,
}

/// Which backend this run tests: SQLite unless `TEST_BACKEND=postgres`, which needs
/// `TEST_DATABASE_URL` (a server where we may create databases).
fn database_for_test() -> (DatabaseUrl, Option<tempfile::TempDir>) {
    if std::env::var("TEST_BACKEND").as_deref() == Ok("postgres") {
        let admin_url = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| panic!("TEST_BACKEND=postgres needs TEST_DATABASE_URL"));
        let name = format!("sm_test_{}", Uuid::new_v4().simple());
        let mut admin = diesel::PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("connecting to TEST_DATABASE_URL: {e}"));
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap_or_else(|e| panic!("creating test database: {e}"));
        (
            DatabaseUrl::Postgres(with_database_name(&admin_url, &name)),
            None,
        )
    } else {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let path = dir.path().join("test.sqlite3");
        (DatabaseUrl::Sqlite(path), Some(dir))
    }
}

/// `postgres://u@h/old?x` with the database replaced: `postgres://u@h/new?x`.
pub fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_and_path = &base[scheme_end..];
    let host = host_and_path.split('/').next().unwrap_or("");
    let mut out = format!("{}{host}/{name}", &base[..scheme_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with settings adjusted by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let (url, dir) = database_for_test();
    let mut settings = Settings::for_database(url);
    adjust(&mut settings);
    let app = Application::build(&settings).unwrap_or_else(|e| panic!("building the app: {e:?}"));
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("http client: {e}"));
    TestApp {
        address,
        client,
        pool,
        _dir: dir,
    }
}

/// A valid draft to start fixtures from.
pub fn draft(
    name: &str,
    category: &str,
    city: &str,
    country: &str,
    lat: f64,
    lon: f64,
) -> OrganizationDraft {
    OrganizationDraft {
        name: name.to_owned(),
        category: category.to_owned(),
        city: city.to_owned(),
        country: country.to_owned(),
        latitude: Some(lat),
        longitude: Some(lon),
        precision: Some("exact".to_owned()),
        description: format!("Test entry {name}"),
        languages: vec!["en".to_owned()],
        ..OrganizationDraft::default()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {path} JSON: {e}"))
    }

    /// Stores an organisation through the model layer, as a moderator's approval will.
    pub fn insert(&self, draft: OrganizationDraft, status: Status) -> NewOrganization {
        self.insert_with_private(draft, status, None, "")
    }

    pub fn insert_with_private(
        &self,
        draft: OrganizationDraft,
        status: Status,
        contact_email: Option<&str>,
        internal_notes: &str,
    ) -> NewOrganization {
        let valid = draft
            .validate()
            .unwrap_or_else(|e| panic!("fixture invalid: {e:?}"));
        let id = Uuid::new_v4();
        let slug = Slug::from_text(&format!("{} {}", valid.name, valid.city), "org")
            .with_suffix(id.as_fields().0 % 100_000);
        let mut org = transfer::new_organization(id, slug, &valid, status, "test");
        org.contact_email = contact_email.map(str::to_owned);
        org.internal_notes = internal_notes.to_owned();
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        conn.transaction(|c| {
            organization::insert(c, &org)?;
            solidarity_map::db::models::mark_changed(c)
        })
        .unwrap_or_else(|e| panic!("inserting fixture: {e}"));
        org
    }

    /// Loads the demo data set.
    pub fn seed_demo(&self, count: usize) {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::demo::seed(&mut conn, count, || {})
            .unwrap_or_else(|e| panic!("seeding: {e:?}"));
    }
}
