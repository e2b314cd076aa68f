//! Builds the actix application, binds the listener and exposes the port (tests bind port 0).

use std::net::TcpListener;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use actix_cors::Cors;
use actix_files::Files;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header;
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use shared::api::{ErrorCode, Problem};
use shared::domain::FieldError;
use tracing_actix_web::{RootSpanBuilder, TracingLogger};
use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::auth::AuthState;
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::error::{ApiError, problem_response};
use crate::http::MAX_BODY_BYTES;
use crate::index::PublicIndex;
use crate::routes::{self, ApiDoc};
use crate::write_limit::{ReadLimiter, WriteLimiter, limit_public_reads, limit_public_writes};
use crate::{assets, mail, services, site};

pub struct Application {
    server: Server,
    port: u16,
    pool: DbPool,
    settings: Settings,
    /// Drops the rate limiter's entries for addresses that are idle again.
    forget_idle_clients: Box<dyn Fn() + Send>,
    password_checks: Arc<AtomicU64>,
    /// One HTTP client for the background link checks and the dashboard's "check now".
    link_checker: web::Data<crate::link_check::Checker>,
}

/// Checks that `key` is the one this database's private values are sealed with (refusing to
/// start otherwise), makes it the process's key, and seals values still stored plain (a
/// database from before they were sealed). Every command that reads or writes private values
/// calls it first.
pub fn open_private_values(
    conn: &mut db::AnyConnection,
    key: &crate::data_key::DataKey,
) -> anyhow::Result<()> {
    use crate::db::models::private_values;
    db::write_transaction(conn, |conn| private_values::check_key(conn, key))?;
    crate::data_key::install(key)?;
    let sealed = db::write_transaction(conn, |conn| private_values::seal_existing(conn, key))
        .context("sealing private values stored before they were sealed")?;
    if sealed > 0 {
        db::checkpoint(conn).context("writing the sealed values to the file")?;
        tracing::info!(sealed, "sealed private values stored in plain text");
    }
    Ok(())
}

impl Application {
    /// Opens the database, applies migrations and binds; the server starts when awaited.
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        let pool = db::connect(&settings.database_url, settings.pool_size)?;
        {
            let mut conn = pool.get().context("taking a connection to migrate")?;
            let applied = db::run_migrations(&mut conn)?;
            if applied > 0 {
                tracing::info!(applied, "applied database migrations");
            }
            open_private_values(&mut conn, &settings.data_key)?;
            // Bodies sealed under the outbox key of an earlier version (from SECRET_KEY) move to
            // the data key's.
            if let Some(previous) = &settings.join.previous_outbox_key {
                let moved = db::write_transaction(&mut conn, |conn| {
                    db::models::private_values::reseal_bodies(
                        conn,
                        previous,
                        &settings.join.outbox_key,
                        &|stored, id| {
                            crate::data_key::open(stored, db::models::private_values::RECIPIENT, id)
                        },
                    )
                })
                .context("moving outbox bodies to the data key")?;
                if moved > 0 {
                    tracing::info!(moved, "moved outbox bodies to the data key");
                }
            }
            // A database from before bodies were sealed stops holding them in plaintext.
            let sealed = db::write_transaction(&mut conn, |conn| {
                db::models::outbox::seal_plaintext(conn, &settings.join.outbox_key)
            })
            .context("sealing e-mail bodies in the outbox")?;
            if sealed > 0 {
                db::checkpoint(&mut conn).context("writing the sealed outbox to the file")?;
                tracing::info!(sealed, "sealed e-mail bodies waiting in the outbox");
            }
        }
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let index = PublicIndex::new(settings.index_refresh);
        // Load the index before listening, so the first visitors do not wait for it.
        index
            .current(&pool)
            .map_err(|e| anyhow::anyhow!("loading the public index: {e:?}"))?;
        let auth = web::Data::new(AuthState::new(settings.auth.clone())?);
        let password_checks = auth.password_checks.clone();
        let link_checker = web::Data::new(crate::link_check::Checker::new(
            settings.link_checks.allowed.clone(),
            settings.link_checks.timeout,
        )?);
        let (server, forget_idle_clients) = run(
            listener,
            pool.clone(),
            index,
            auth,
            link_checker.clone(),
            settings,
        )?;
        Ok(Self {
            server,
            port,
            pool,
            settings: settings.clone(),
            forget_idle_clients,
            password_checks,
            link_checker,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// How many passwords the server has checked with argon2 since it started.
    pub fn password_checks(&self) -> Arc<AtomicU64> {
        self.password_checks.clone()
    }

    /// Serves, and meanwhile sends the outbox and applies dated changes (consent, hiding).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let sender = tokio::spawn(mail::run_sender(
            self.pool.clone(),
            self.settings.mail.clone(),
            self.settings.join.outbox_key.clone(),
        ));
        let maintenance = tokio::spawn(run_maintenance(self.pool.clone(), self.settings.clone()));
        let link_checks = tokio::spawn(run_link_checks(
            self.pool.clone(),
            self.link_checker.clone(),
            self.settings.clone(),
        ));
        let digests = tokio::spawn(run_digests(self.pool.clone(), self.settings.clone()));
        let forget = self.forget_idle_clients;
        let forgetting = tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                forget();
            }
        });
        let result = self.server.await;
        sender.abort();
        maintenance.abort();
        link_checks.abort();
        digests.abort();
        forgetting.abort();
        result
    }
}

/// Runs [`services::maintenance::maintain`] every `maintenance_interval`.
async fn run_maintenance(pool: DbPool, settings: Settings) {
    loop {
        tokio::time::sleep(settings.maintenance_interval).await;
        let (pool, join_settings) = (pool.clone(), settings.join.clone());
        let pass = tokio::task::spawn_blocking(
            move || -> anyhow::Result<services::maintenance::MaintenanceReport> {
                let mut conn = pool.get()?;
                services::maintenance::maintain(&mut conn, &join_settings, db::models::now())
                    .map_err(|e| anyhow::anyhow!("{e:?}"))
            },
        )
        .await;
        match pass {
            Ok(Ok(report)) if report != services::maintenance::MaintenanceReport::default() => {
                tracing::info!(?report, "maintenance pass");
            }
            Ok(Err(error)) => tracing::warn!(%error, "maintenance pass failed"),
            _ => {}
        }
    }
}

/// Sends the digest of new calls to action every `digest_interval` (never without one); each
/// group still gets at most one a day.
async fn run_digests(pool: DbPool, settings: Settings) {
    let Some(interval) = settings.digest_interval else {
        return;
    };
    loop {
        tokio::time::sleep(interval).await;
        let (pool, join_settings) = (pool.clone(), settings.join.clone());
        let pass = tokio::task::spawn_blocking(
            move || -> anyhow::Result<services::calls_to_action::DigestReport> {
                let mut conn = pool.get()?;
                services::calls_to_action::send_digests(
                    &mut conn,
                    &join_settings,
                    db::models::now(),
                )
                .map_err(|e| anyhow::anyhow!("{e:?}"))
            },
        )
        .await;
        match pass {
            Ok(Ok(report)) if report.sent > 0 => tracing::info!(?report, "digest pass"),
            Ok(Err(error)) => tracing::warn!(%error, "digest pass failed"),
            _ => {}
        }
    }
}

/// Checks a few links every `link_checks.interval` (never without one); new links are looked
/// for once an hour.
async fn run_link_checks(
    pool: DbPool,
    checker: web::Data<crate::link_check::Checker>,
    settings: Settings,
) {
    const SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
    let Some(interval) = settings.link_checks.interval else {
        return;
    };
    let mut synced_at: Option<std::time::Instant> = None;
    loop {
        tokio::time::sleep(interval).await;
        let sync = synced_at.is_none_or(|at| at.elapsed() >= SYNC_EVERY);
        let pass =
            services::link_checks::run_pass(&pool, &checker, settings.link_checks.per_pass, sync)
                .await;
        match pass {
            Ok(pass) => {
                if sync {
                    synced_at = Some(std::time::Instant::now());
                }
                if pass.checked > 0 {
                    tracing::info!(?pass, "link check pass");
                }
            }
            Err(error) => tracing::warn!(%error, "link check pass failed"),
        }
    }
}

/// Any GET from any origin (partner sites); no other method, no credentials.
fn cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .allowed_methods(["GET", "HEAD"])
        .allowed_headers([
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([header::ETAG, header::LINK])
        .max_age(86_400)
}

/// Refuses a declared body over the route's limit before reading it.
async fn limit_body(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let limit = crate::http::body_limit(req.path());
    if declared.is_some_and(|n| n > limit) {
        let response = problem_response(&ApiError::PayloadTooLarge { limit }.problem());
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// RFC 9110 (9.3.2): HEAD is served wherever GET is, with the GET's headers. Routes are
/// declared for GET only, so a HEAD goes through them as the GET; actix-http then sends the
/// answer's headers (`Content-Length` and `ETag` too) without its body, having read HEAD on
/// the request line. Outer middleware (limits, logs) still sees HEAD.
async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == actix_web::http::Method::HEAD {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    next.call(req).await
}

/// How long a request body may take to arrive, from the settings.
#[derive(Clone, Copy)]
struct BodyDeadlines {
    body: std::time::Duration,
    import: std::time::Duration,
}

/// A body that trickles in (a byte a second) would hold its connection for as long as the
/// client likes: it must arrive by a deadline counted from the end of the headers (longer for
/// the admin import's files), or the answer is `408` and the connection is closed. Bytes already
/// received are always handed on; only waiting for more ends at the deadline.
async fn limit_body_time(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let has_body = req.headers().contains_key(header::CONTENT_LENGTH)
        || req.headers().contains_key(header::TRANSFER_ENCODING);
    let deadlines = req
        .app_data::<web::Data<BodyDeadlines>>()
        .map(|d| *d.get_ref());
    let Some(deadlines) = deadlines.filter(|_| has_body) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let within = if req.path() == crate::http::IMPORT_PATH {
        deadlines.import
    } else {
        deadlines.body
    };
    let body = std::rc::Rc::new(BodyState {
        payload: std::cell::RefCell::new(actix_web::HttpMessage::take_payload(&mut req)),
        timed_out: std::cell::Cell::new(false),
        finished: std::cell::Cell::new(false),
    });
    req.set_payload(actix_web::dev::Payload::Stream {
        payload: Box::pin(BodyDeadline {
            body: body.clone(),
            deadline: Box::pin(tokio::time::sleep(within)),
        }),
    });
    let response = next.call(req).await?;
    let response = if body.timed_out.get() {
        let mut answer = problem_response(&Problem::new(
            ErrorCode::RequestTimeout,
            format!("the request body must arrive within {} s", within.as_secs()),
        ));
        answer
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
        response.into_response(answer)
    } else {
        response.map_into_boxed_body()
    };
    if body.finished.get() {
        return Ok(response.map_into_right_body());
    }
    // Dropped unread, a chunked body is drained by actix-http for as long as the client sends
    // it; still held when the answer ends, it makes actix-http close the connection instead.
    let unread = body.payload.replace(actix_web::dev::Payload::None);
    Ok(response
        .map_body(|_, answer| {
            actix_web::body::BoxBody::new(HoldingBody {
                answer,
                _unread: unread,
            })
        })
        .map_into_right_body())
}

/// An answer that holds its request's unread body until the answer has been sent.
struct HoldingBody {
    answer: actix_web::body::BoxBody,
    _unread: actix_web::dev::Payload,
}

impl MessageBody for HoldingBody {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> actix_web::body::BodySize {
        self.answer.size()
    }

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<web::Bytes, Self::Error>>> {
        std::pin::Pin::new(&mut self.get_mut().answer).poll_next(cx)
    }
}

/// A request body, shared by [`limit_body_time`] and the stream it hands on.
struct BodyState {
    payload: std::cell::RefCell<actix_web::dev::Payload>,
    timed_out: std::cell::Cell<bool>,
    /// Read to its end (or to an error): nothing more will come.
    finished: std::cell::Cell<bool>,
}

/// A request body that fails once its deadline has passed while it waits for more bytes.
struct BodyDeadline {
    body: std::rc::Rc<BodyState>,
    deadline: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl futures_util::Stream for BodyDeadline {
    type Item = Result<web::Bytes, actix_web::error::PayloadError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::future::Future;
        use std::task::Poll;
        let this = &mut *self;
        let polled = std::pin::Pin::new(&mut *this.body.payload.borrow_mut()).poll_next(cx);
        match polled {
            Poll::Pending if this.deadline.as_mut().poll(cx).is_ready() => {
                this.body.timed_out.set(true);
                Poll::Ready(Some(Err(actix_web::error::PayloadError::Io(
                    std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    ),
                ))))
            }
            Poll::Ready(None | Some(Err(_))) => {
                this.body.finished.set(true);
                polled
            }
            other => other,
        }
    }
}

/// The Content-Security-Policy of our pages and answers, made once from the settings.
#[derive(Clone)]
pub struct ContentSecurityPolicy {
    /// Every response but the API docs.
    pub default: String,
    /// Swagger UI writes `<style>` elements: its page alone allows inline styles.
    pub docs: String,
    /// The embeddable map: the one page any site may frame.
    pub embed: String,
}

/// The policy of every page but the API docs and the embeddable map.
const BASE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

impl ContentSecurityPolicy {
    /// With operator-configured tiles, images may also come from the tile server.
    pub fn new(tile_url: Option<&str>) -> Self {
        let images = tile_url
            .and_then(tile_origin)
            .map(|origin| format!("; img-src 'self' {origin}"));
        let default = format!("{BASE_POLICY}{}", images.unwrap_or_default());
        let docs = format!("{default}; style-src 'self' 'unsafe-inline'");
        let embed = default.replace("frame-ancestors 'none'", "frame-ancestors *");
        Self {
            default,
            docs,
            embed,
        }
    }
}

/// `https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png` -> `https://*.tiles.example.org:8443`.
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    let host = rest.split('/').next()?;
    let host = host.replace("{s}", "*");
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*' | '[' | ']'));
    valid.then(|| format!("{scheme}://{host}"))
}

/// Powerful browser features the app does not use, denied to it and to anything it frames.
/// Only features Chromium knows (an unknown one is reported in the console); the clipboard,
/// which the join page writes the owner link to, keeps its default (`self`).
const PERMISSIONS_POLICY: &str = "accelerometer=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";

/// After a request that may have written (any method but GET, HEAD and OPTIONS), the next
/// public read checks the data version at once instead of up to `INDEX_REFRESH_MS` later.
async fn see_own_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let writes = !req.method().is_safe();
    let index = req.app_data::<web::Data<PublicIndex>>().cloned();
    let response = next.call(req).await?;
    if let (true, Some(index)) = (writes, index) {
        index.expire();
    }
    Ok(response)
}

/// What every response says about itself to the browser: only our own scripts (and wasm), no
/// framing, no referrer, no MIME sniffing; HSTS when the request came over TLS.
async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Only a trusted proxy may say the request was TLS (anyone can send X-Forwarded-Proto).
    let over_tls = crate::client_address::request_over_tls(req.request());
    let policy = req.app_data::<web::Data<ContentSecurityPolicy>>().map(|p| {
        if req.path().starts_with("/api/docs") {
            p.docs.clone()
        } else if req.path() == "/embed" {
            p.embed.clone()
        } else {
            p.default.clone()
        }
    });
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    if let Some(value) = policy.and_then(|p| header::HeaderValue::from_str(&p).ok()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    let mut set = |name: &'static str, value: &'static str| {
        headers.insert(
            header::HeaderName::from_static(name),
            header::HeaderValue::from_static(value),
        );
    };
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "no-referrer");
    set("permissions-policy", PERMISSIONS_POLICY);
    set("cross-origin-opener-policy", "same-origin");
    if over_tls {
        set(
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    Ok(response)
}

/// No route took the request: `405` with `Allow` when the path is documented with other
/// methods, `404` otherwise.
async fn api_not_found(req: actix_web::HttpRequest) -> HttpResponse {
    let mut allowed = routes::documented_methods(req.path());
    // HEAD is served wherever GET is (`head_as_get`).
    if let Some(get) = allowed.iter().position(|m| *m == "GET") {
        allowed.insert(get + 1, "HEAD");
    }
    if !allowed.is_empty() {
        let mut response = problem_response(&Problem::new(
            ErrorCode::MethodNotAllowed,
            format!("{} {} is not allowed", req.method(), req.path()),
        ));
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
            response
                .headers_mut()
                .insert(actix_web::http::header::ALLOW, value);
        }
        return response;
    }
    problem_response(&Problem::new(
        ErrorCode::NotFound,
        format!("no API route {} {}", req.method(), req.path()),
    ))
}

/// The request span in logs: method, route pattern and status. Deliberately not the client's
/// address, user agent or query string (searches, filters): logs are kept, and none of that
/// needs to be.
struct PrivateRootSpan;

impl RootSpanBuilder for PrivateRootSpan {
    fn on_request_start(request: &ServiceRequest) -> tracing::Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        tracing::info_span!(
            "request",
            http.method = %request.method(),
            http.route = %route,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    /// As tracing-actix-web's own, but an error is told by [`ApiError::for_log`], not by its
    /// `Debug`, which for invalid input quotes what was sent.
    fn on_request_end<B: MessageBody>(
        span: tracing::Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error()),
            Err(error) => (error.as_response_error().status_code(), Some(error)),
        };
        span.record("http.status_code", status.as_u16());
        let Some(error) = error else {
            span.record("otel.status_code", "OK");
            return;
        };
        let told = error
            .as_error::<ApiError>()
            .map_or_else(|| format!("{error:?}"), ApiError::for_log);
        span.record("exception.message", error.to_string());
        span.record("exception.details", &told);
        if status.is_client_error() {
            span.record("otel.status_code", "OK");
            tracing::warn!("request refused: {told}");
        } else {
            span.record("otel.status_code", "ERROR");
            tracing::error!("request failed: {told}");
        }
    }
}

fn run(
    listener: TcpListener,
    pool: DbPool,
    index: PublicIndex,
    auth: web::Data<AuthState>,
    link_checker: web::Data<crate::link_check::Checker>,
    settings: &Settings,
) -> anyhow::Result<(Server, Box<dyn Fn() + Send>)> {
    let (static_dir, workers) = (settings.static_dir.clone(), settings.workers);
    let basemap = settings.basemap_pmtiles.clone();
    let pool = web::Data::new(pool);
    let index = web::Data::new(index);
    let map_config = web::Data::new(settings.map.clone());
    let join_settings = web::Data::new(settings.join.clone());
    let mail_settings = web::Data::new(settings.mail.clone());
    let write_limiter = web::Data::new(WriteLimiter::new(
        settings.write_burst,
        settings.write_period,
    ));
    let read_limiter = web::Data::new(ReadLimiter::new(settings.read_burst, settings.read_period));
    let proxy_trust = web::Data::new(settings.proxy_trust.clone());
    let policy = web::Data::new(ContentSecurityPolicy::new(settings.map.tile_url.as_deref()));
    let body_deadlines = web::Data::new(BodyDeadlines {
        body: settings.timeouts.body,
        import: settings.timeouts.import_body,
    });
    let forget_idle_clients = {
        let (write_limiter, read_limiter) = (write_limiter.clone(), read_limiter.clone());
        Box::new(move || {
            write_limiter.forget_idle();
            read_limiter.forget_idle();
        })
    };
    let reference_cache = web::Data::new(site::ReferenceCache::default());
    let best_compressed = web::Data::new(crate::http::BestCompressed::default());
    let prepared_lists =
        web::Data::new(crate::handlers::organizations::list::PreparedLists::default());
    let prepared_events = web::Data::new(crate::handlers::events::list::PreparedEvents::default());
    let prepared_clusters =
        web::Data::new(crate::handlers::map::clusters::PreparedClusters::default());
    let openapi = ApiDoc::openapi();
    let mut server = HttpServer::new(move || {
        // serde's messages quote the value; these say only the rule (see `http::data_rule`).
        let query_config = web::QueryConfig::default().error_handler(|err, _req| {
            let broken = crate::http::data_rule(&err.to_string());
            let field = broken.field.unwrap_or_else(|| "query".to_owned());
            ApiError::Invalid(vec![FieldError::new(field, broken.rule, broken.message)]).into()
        });
        let json_config = web::JsonConfig::default()
            .limit(MAX_BODY_BYTES)
            .error_handler(|err, _req| match err {
                actix_web::error::JsonPayloadError::OverflowKnownLength { .. }
                | actix_web::error::JsonPayloadError::Overflow { .. } => {
                    ApiError::PayloadTooLarge {
                        limit: MAX_BODY_BYTES,
                    }
                    .into()
                }
                // The handlers that take `crate::http::Json` also name the field.
                actix_web::error::JsonPayloadError::Deserialize(e) if e.is_data() => {
                    let broken = crate::http::data_rule(&e.to_string());
                    let field = broken.field.unwrap_or_else(|| "body".to_owned());
                    ApiError::Invalid(vec![FieldError::new(field, broken.rule, broken.message)])
                        .into()
                }
                actix_web::error::JsonPayloadError::Deserialize(e) => {
                    ApiError::Invalid(vec![FieldError::new(
                        "body",
                        "invalid_json",
                        format!("not valid JSON (line {}, column {})", e.line(), e.column()),
                    )])
                    .into()
                }
                other => ApiError::Invalid(vec![FieldError::new(
                    "body",
                    "invalid_json",
                    other.to_string(),
                )])
                .into(),
            });
        let static_dir = static_dir.clone();
        App::new()
            .app_data(pool.clone())
            .app_data(best_compressed.clone())
            .app_data(index.clone())
            .app_data(map_config.clone())
            .app_data(join_settings.clone())
            .app_data(mail_settings.clone())
            .app_data(write_limiter.clone())
            .app_data(read_limiter.clone())
            .app_data(policy.clone())
            .app_data(body_deadlines.clone())
            .app_data(proxy_trust.clone())
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .app_data(auth.clone())
            .app_data(query_config)
            .app_data(json_config)
            .configure(routes::configure)
            .service(web::redirect("/api/docs", "/api/docs/"))
            .service(
                SwaggerUi::new("/api/docs/{_:.*}")
                    .url("/api/openapi.json", openapi.clone())
                    // The default validator badge would call a third-party server.
                    .config(Config::from("/api/openapi.json").validator_url("none")),
            )
            .service(web::scope("/api").default_service(web::to(api_not_found)))
            .route("/healthz", web::route().to(api_not_found))
            .route("/readyz", web::route().to(api_not_found))
            .app_data(reference_cache.clone())
            .app_data(prepared_lists.clone())
            .app_data(prepared_clusters.clone())
            .app_data(prepared_events.clone())
            .app_data(link_checker.clone())
            .configure(site::configure)
            .configure(|cfg| {
                if let Some(path) = &basemap {
                    cfg.service(assets::basemap(path.clone()));
                }
            })
            .service(assets::precompressed(static_dir.clone()))
            .service(Files::new("/", &static_dir).default_handler(fn_service(
                |req: ServiceRequest| {
                    let response = site::not_found(req.request());
                    std::future::ready(Ok(req.into_response(response)))
                },
            )))
            .wrap(from_fn(see_own_writes))
            .wrap(from_fn(head_as_get))
            .wrap(from_fn(limit_body_time))
            .wrap(from_fn(limit_body))
            .wrap(from_fn(limit_public_writes))
            .wrap(from_fn(limit_public_reads))
            .wrap(from_fn(security_headers))
            .wrap(cors())
            .wrap(Compress::default())
            .wrap(TracingLogger::<PrivateRootSpan>::new())
    })
    // A client that never finishes its headers gets `408` (bodies: `limit_body_time`).
    .client_request_timeout(settings.timeouts.headers)
    // With Nagle on, the last piece of an answer compressed on the fly waits for the client's
    // delayed ACK: about 40 ms (BENCHMARKS.md, "Clusters that show their categories").
    .tcp_nodelay(true)
    .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok((server.run(), forget_idle_clients))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_servers_are_allowed_as_image_sources_only() {
        let policy =
            ContentSecurityPolicy::new(Some("https://{s}.tiles.example.org/{z}/{x}/{y}.png"));
        assert!(
            policy
                .default
                .ends_with("; img-src 'self' https://*.tiles.example.org")
        );
        assert_eq!(ContentSecurityPolicy::new(None).default, BASE_POLICY);
        assert!(
            ContentSecurityPolicy::new(None)
                .docs
                .contains("style-src 'self' 'unsafe-inline'")
        );
    }
}
