//! Builds the actix application, binds the listener and exposes the port (tests bind port 0).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use actix_cors::Cors;
use actix_files::{Files, NamedFile};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header;
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use shared::api::{ErrorCode, Problem};
use shared::domain::FieldError;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder, TracingLogger};
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
use crate::{assets, join, mail};

pub struct Application {
    server: Server,
    port: u16,
    pool: DbPool,
    settings: Settings,
    /// Drops the rate limiter's entries for addresses that are idle again.
    forget_idle_clients: Box<dyn Fn() + Send>,
    password_checks: Arc<AtomicU64>,
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
        let (server, forget_idle_clients) = run(listener, pool.clone(), index, auth, settings)?;
        Ok(Self {
            server,
            port,
            pool,
            settings: settings.clone(),
            forget_idle_clients,
            password_checks,
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
        forgetting.abort();
        result
    }
}

/// Runs [`join::maintain`] every `maintenance_interval`.
async fn run_maintenance(pool: DbPool, settings: Settings) {
    loop {
        tokio::time::sleep(settings.maintenance_interval).await;
        let (pool, join_settings) = (pool.clone(), settings.join.clone());
        let pass =
            tokio::task::spawn_blocking(move || -> anyhow::Result<join::MaintenanceReport> {
                let mut conn = pool.get()?;
                join::maintain(&mut conn, &join_settings, db::models::now())
                    .map_err(|e| anyhow::anyhow!("{e:?}"))
            })
            .await;
        match pass {
            Ok(Ok(report)) if report != join::MaintenanceReport::default() => {
                tracing::info!(?report, "maintenance pass");
            }
            Ok(Err(error)) => tracing::warn!(%error, "maintenance pass failed"),
            _ => {}
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
    let allowed = routes::documented_methods(req.path());
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

/// Where the built web app is, for the pages that load the pages bundle.
#[derive(Clone)]
struct StaticDir(PathBuf);

/// One of the web app's HTML pages, or a plain explanation when the app is not built.
fn html_page(req: &actix_web::HttpRequest, file: &Path) -> HttpResponse {
    match NamedFile::open(file) {
        Ok(file) => file.into_response(req),
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The web app is not built. Run the README's run command (scripts/run.sh), which builds it."),
    }
}

/// `/admin` loads the dashboard bundle.
async fn admin_bundle(req: actix_web::HttpRequest, dir: web::Data<StaticDir>) -> HttpResponse {
    html_page(&req, &dir.0.join("admin.html"))
}

/// These pages load the pages bundle instead of the map's.
async fn pages_bundle(req: actix_web::HttpRequest, dir: web::Data<StaticDir>) -> HttpResponse {
    html_page(&req, &dir.0.join("pages.html"))
}

fn spa_index(
    static_dir: &Path,
) -> impl Fn(ServiceRequest) -> std::future::Ready<Result<ServiceResponse, actix_web::Error>>
+ Clone
+ 'static {
    let index = static_dir.join("index.html");
    move |req: ServiceRequest| {
        let response = html_page(req.request(), &index);
        std::future::ready(Ok(req.into_response(response)))
    }
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

    fn on_request_end<B: MessageBody>(
        span: tracing::Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

fn run(
    listener: TcpListener,
    pool: DbPool,
    index: PublicIndex,
    auth: web::Data<AuthState>,
    settings: &Settings,
) -> anyhow::Result<(Server, Box<dyn Fn() + Send>)> {
    let (static_dir, workers) = (settings.static_dir.clone(), settings.workers);
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
    let forget_idle_clients = {
        let (write_limiter, read_limiter) = (write_limiter.clone(), read_limiter.clone());
        Box::new(move || {
            write_limiter.forget_idle();
            read_limiter.forget_idle();
        })
    };
    let openapi = ApiDoc::openapi();
    let mut server = HttpServer::new(move || {
        let query_config = web::QueryConfig::default().error_handler(|err, _req| {
            ApiError::Invalid(vec![FieldError::new(
                "query",
                "invalid_query",
                err.to_string(),
            )])
            .into()
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
            .app_data(index.clone())
            .app_data(map_config.clone())
            .app_data(join_settings.clone())
            .app_data(mail_settings.clone())
            .app_data(write_limiter.clone())
            .app_data(read_limiter.clone())
            .app_data(policy.clone())
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
            .app_data(web::Data::new(StaticDir(static_dir.clone())))
            .route("/join", web::get().to(pages_bundle))
            .route("/owner", web::get().to(pages_bundle))
            .route("/contact/{slug}", web::get().to(pages_bundle))
            .route("/resources", web::get().to(pages_bundle))
            .route("/about", web::get().to(pages_bundle))
            .route("/embed", web::get().to(pages_bundle))
            .route("/admin", web::get().to(admin_bundle))
            .route("/admin/{section:.*}", web::get().to(admin_bundle))
            .service(assets::precompressed(static_dir.clone()))
            .service(
                Files::new("/", &static_dir)
                    .index_file("index.html")
                    .default_handler(fn_service(spa_index(&static_dir))),
            )
            .wrap(from_fn(limit_body))
            .wrap(from_fn(limit_public_writes))
            .wrap(from_fn(limit_public_reads))
            .wrap(from_fn(security_headers))
            .wrap(cors())
            .wrap(Compress::default())
            .wrap(TracingLogger::<PrivateRootSpan>::new())
    })
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
