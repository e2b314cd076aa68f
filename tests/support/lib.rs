//! Test support: `spawn_app()` starts the real server on a free loopback port against a fresh
//! database (a new SQLite file, or a new PostgreSQL database when `TEST_BACKEND=postgres`).

use diesel::{Connection, RunQueryDsl};
use shared::api::OrganizationDraft;
use shared::domain::{OrganizationId, Slug, Status, SubmissionId, UserId};
use solidarity_map::config::Settings;
use solidarity_map::db::models::organization::{self, NewOrganization};
use solidarity_map::db::{DatabaseUrl, DbPool};
use solidarity_map::startup::Application;
use uuid::Uuid;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: DbPool,
    pub settings: Settings,
    /// How many passwords the server checked with argon2.
    pub password_checks: std::sync::Arc<std::sync::atomic::AtomicU64>,
    // Kept so the SQLite file lives as long as the test.
    _dir: Option<tempfile::TempDir>,
}

/// The moderator whom approvals and rejections made through the service are recorded as.
pub fn test_moderator() -> solidarity_map::db::models::audit::Actor<'static> {
    solidarity_map::db::models::audit::Actor {
        id: UserId::from_uuid(Uuid::from_u128(1)),
        email: "test-moderator@example.org",
    }
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

/// Settings for a server behind a reverse proxy on this machine: requests from 127.0.0.1 have
/// their `X-Forwarded-For` believed (the tests' client plays the proxy).
pub fn behind_local_proxy(settings: &mut Settings) {
    settings.proxy_trust.proxies =
        solidarity_map::client_address::ProxyTrust::parse_proxies("127.0.0.1")
            .unwrap_or_else(|e| panic!("{e}"));
}

/// The authenticator app's code for a base32 `secret`, `offset_secs` from now (the server
/// accepts one 30 s step of clock drift either way).
pub fn totp_code_at(secret: &str, offset_secs: i64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret)
        .map(|s| s.as_bytes().to_vec())
        .unwrap_or_default();
    let at = u64::try_from(chrono::Utc::now().timestamp() + offset_secs).unwrap_or(0);
    totp_rs::Builder::new()
        .with_secret(bytes)
        .with_account_name("x")
        .build()
        .map(|t| t.generate(at).to_string())
        .unwrap_or_default()
}

/// The `Cookie` header value for the device cookie a sign-in answer set (panics without one).
pub fn device_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sm_device="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no device cookie"))
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`] with settings adjusted by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let (url, dir) = database_for_test();
    let mut settings = Settings::for_database(url);
    // Tests send forms at once; the one about the fill time sets it back.
    settings.join.min_fill = std::time::Duration::ZERO;
    // Tests sign in often from one address; the throttling test sets the real limits back.
    settings.auth.login_ip_burst = 1000;
    settings.auth.login_account_burst = 1000;
    settings.auth.login_any_address_burst = 1000;
    // Tests read a lot from one address; the read limit's own test sets a small one.
    settings.read_burst = 0;
    adjust(&mut settings);
    let app = Application::build(&settings).unwrap_or_else(|e| panic!("building the app: {e:?}"));
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    let password_checks = app.password_checks();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("http client: {e}"));
    TestApp {
        address,
        client,
        pool,
        settings,
        password_checks,
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
    /// A second server process's worth of state on the same database: its own pool, in-memory
    /// index, rate limits and port, as when several instances run behind a proxy.
    pub async fn second_instance(&self) -> TestApp {
        let app = Application::build(&self.settings)
            .unwrap_or_else(|e| panic!("building the second instance: {e:?}"));
        let address = format!("http://127.0.0.1:{}", app.port());
        let pool = app.pool().clone();
        let password_checks = app.password_checks();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: self.client.clone(),
            pool,
            settings: self.settings.clone(),
            password_checks,
            _dir: None,
        }
    }

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
        let mut org = solidarity_map::services::organizations::new_organization(
            OrganizationId::from_uuid(id),
            slug,
            &valid,
            status,
            shared::domain::Origin::Admin,
        );
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

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// An owner action: POST (or GET without a body) with the owner token.
    pub async fn as_owner(
        &self,
        token: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let request = match body {
            Some(body) => self.client.post(self.url(path)).json(body),
            None if path.ends_with("/entry") => self.client.get(self.url(path)),
            None => self.client.post(self.url(path)),
        };
        request
            .bearer_auth(token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("owner {path}: {e}"))
    }

    pub async fn form_token(&self) -> String {
        self.get_json("/api/v1/form-token").await["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A join form as the web app sends it, with a fresh form token.
    pub async fn join_form(&self, draft: &OrganizationDraft, email: &str) -> serde_json::Value {
        let mut form = serde_json::to_value(draft).unwrap_or_default();
        form["contact_email"] = email.into();
        form["consent"] = true.into();
        form["form_token"] = self.form_token().await.into();
        form["homepage"] = "".into();
        form
    }

    /// Submits a join form; returns the receipt (panics unless 201).
    pub async fn submit(&self, draft: &OrganizationDraft, email: &str) -> serde_json::Value {
        let form = self.join_form(draft, email).await;
        let response = self.post_json("/api/v1/submissions", &form).await;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(status, 201, "submission refused: {body}");
        body
    }

    /// A moderator's approval, through the service (the admin API's tests go through HTTP).
    pub fn approve(&self, submission_id: &SubmissionId) {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::services::submissions::approve(
            &mut conn,
            &self.settings.join,
            test_moderator(),
            *submission_id,
        )
        .unwrap_or_else(|e| panic!("approving: {e:?}"));
    }

    pub fn reject(&self, submission_id: &SubmissionId, reason: &str) {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::services::submissions::reject(
            &mut conn,
            &self.settings.join,
            test_moderator(),
            *submission_id,
            reason,
        )
        .unwrap_or_else(|e| panic!("rejecting: {e:?}"));
    }

    /// The pending submissions' ids, newest first.
    pub fn pending_submissions(&self) -> Vec<solidarity_map::db::models::ownership::SubmissionRow> {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::db::models::ownership::pending_submissions(&mut conn)
            .unwrap_or_else(|e| panic!("loading submissions: {e}"))
    }

    /// Every outbox row: (kind, recipient, subject, body, sent), the body decrypted as the
    /// sender does (empty once sent).
    pub fn outbox(&self) -> Vec<OutboxRow> {
        use diesel::prelude::*;
        use solidarity_map::db::schema::outbox::dsl as o;
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        o::outbox
            .order(o::created_at)
            .select((
                o::id,
                o::kind,
                o::recipient,
                o::reply_to,
                o::subject,
                o::body,
                o::sent_at.is_not_null(),
            ))
            .load::<(String, String, String, Option<String>, String, String, bool)>(&mut conn)
            .unwrap_or_else(|e| panic!("reading the outbox: {e}"))
            .into_iter()
            .map(|(id, kind, recipient, reply_to, subject, sealed, sent)| {
                use solidarity_map::data_key::{open, open_optional};
                use solidarity_map::db::models::private_values::{RECIPIENT, REPLY_TO, SUBJECT};
                let recipient = opened(&id, open(&recipient, RECIPIENT, &id));
                let reply_to = opened(&id, open_optional(reply_to.as_deref(), REPLY_TO, &id));
                let subject = opened(&id, open(&subject, SUBJECT, &id));
                let body = if sealed.is_empty() {
                    String::new()
                } else {
                    solidarity_map::db::models::outbox::open_body(
                        &self.settings.join.outbox_key,
                        &id,
                        &recipient,
                        &sealed,
                    )
                    .unwrap_or_else(|| panic!("outbox body {id} does not open"))
                };
                OutboxRow {
                    kind,
                    recipient,
                    reply_to,
                    subject,
                    body,
                    sent,
                }
            })
            .collect()
    }

    /// Runs the dated changes as if it were `now`.
    pub fn maintain_at(
        &self,
        now: chrono::NaiveDateTime,
    ) -> solidarity_map::services::maintenance::MaintenanceReport {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::services::maintenance::maintain(&mut conn, &self.settings.join, now)
            .unwrap_or_else(|e| panic!("maintenance: {e:?}"))
    }

    /// Creates an account through the model layer (as `solidarity-map create-admin` does).
    pub fn create_user(
        &self,
        email: &str,
        role: shared::api::auth::Role,
        password: &str,
    ) -> String {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        solidarity_map::auth::session::create_user(&mut conn, email, role, password)
            .unwrap_or_else(|e| panic!("creating {email}: {e:?}"))
            .to_string()
    }

    /// Signs in; returns the token pair (panics unless 200).
    pub async fn sign_in(&self, email: &str, password: &str) -> serde_json::Value {
        let response = self
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({"email": email, "password": password}),
            )
            .await;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(status, 200, "sign-in failed: {body}");
        body
    }

    /// An admin with a fresh access token: (token, user id).
    pub async fn admin_token(&self) -> (String, String) {
        let id = self.create_user(
            "admin@example.org",
            shared::api::auth::Role::Admin,
            "a long admin password",
        );
        let pair = self
            .sign_in("admin@example.org", "a long admin password")
            .await;
        (
            pair["access_token"].as_str().unwrap_or_default().to_owned(),
            id,
        )
    }

    /// A moderator (`mod@example.org`) with a fresh access token: (token, user id).
    pub async fn moderator_token(&self) -> (String, String) {
        let id = self.create_user(
            "mod@example.org",
            shared::api::auth::Role::Moderator,
            "a long moderator password",
        );
        let pair = self
            .sign_in("mod@example.org", "a long moderator password")
            .await;
        (
            pair["access_token"].as_str().unwrap_or_default().to_owned(),
            id,
        )
    }

    /// A request with a bearer token.
    pub async fn staff(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Audit rows so far.
    pub fn audit_count(&self) -> i64 {
        use diesel::prelude::*;
        use solidarity_map::db::schema::audit_log::dsl::audit_log;
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        audit_log
            .count()
            .get_result(&mut conn)
            .unwrap_or_else(|e| panic!("counting audit rows: {e}"))
    }

    /// Loads the demo data set, with as many events as `seed-demo` gives it.
    pub fn seed_demo(&self, count: usize) {
        let mut conn = self.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        let events = solidarity_map::demo::default_event_count(count);
        solidarity_map::demo::seed(&mut conn, count, events, || {})
            .unwrap_or_else(|e| panic!("seeding: {e:?}"));
    }
}

/// A sealed outbox value, opened (panics when it does not open).
fn opened<T>(id: &str, result: diesel::QueryResult<T>) -> T {
    result.unwrap_or_else(|e| panic!("outbox {id} does not open: {e}"))
}

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub kind: String,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body: String,
    pub sent: bool,
}

/// A real SMTP server on a loopback port (mailin-embedded) that keeps every message it accepts.
#[derive(Clone, Default)]
pub struct SmtpSink {
    pub received: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    current: Vec<u8>,
}

impl mailin_embedded::Handler for SmtpSink {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(message);
        mailin_embedded::response::OK
    }
}

impl SmtpSink {
    /// Starts the sink on `port` (0: any free one) in a background thread; returns the port.
    pub fn start(&self, port: u16) -> u16 {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .unwrap_or_else(|e| panic!("binding the SMTP sink: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        let mut server = mailin_embedded::Server::new(self.clone());
        server
            .with_name("sink.example.org")
            .with_num_threads(4)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        port
    }

    pub fn messages(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// A free loopback port with nothing listening on it (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}
