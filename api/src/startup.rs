//! Builds the actix application, binds the listener and exposes the port (tests bind port 0).

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use actix_cors::Cors;
use actix_files::{Files, NamedFile};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header;
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use shared::api::{ErrorCode, MapConfig, Problem};
use shared::domain::FieldError;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::assets;
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::error::{ApiError, problem_response};
use crate::http::MAX_BODY_BYTES;
use crate::index::PublicIndex;
use crate::routes::{self, ApiDoc};

pub struct Application {
    server: Server,
    port: u16,
    pool: DbPool,
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
        }
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let index = PublicIndex::new(settings.index_refresh);
        // Load the index before listening, so the first visitors do not wait for it.
        index
            .current(&pool)
            .map_err(|e| anyhow::anyhow!("loading the public index: {e:?}"))?;
        let server = run(
            listener,
            pool.clone(),
            index,
            settings.map.clone(),
            settings.static_dir.clone(),
            settings.workers,
        )?;
        Ok(Self { server, port, pool })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
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

/// Refuses a declared body over the limit before reading it.
async fn limit_body(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        let response = problem_response(
            &ApiError::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            }
            .problem(),
        );
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

async fn api_not_found(req: actix_web::HttpRequest) -> HttpResponse {
    problem_response(&Problem::new(
        ErrorCode::NotFound,
        format!("no API route {} {}", req.method(), req.path()),
    ))
}

fn spa_index(
    static_dir: &Path,
) -> impl Fn(ServiceRequest) -> std::future::Ready<Result<ServiceResponse, actix_web::Error>>
+ Clone
+ 'static {
    let index = static_dir.join("index.html");
    move |req: ServiceRequest| {
        let response = match NamedFile::open(&index) {
            Ok(file) => file.into_response(req.request()),
            Err(_) => HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("The web app is not built. Run the README's run command (scripts/run.sh), which builds it."),
        };
        std::future::ready(Ok(req.into_response(response)))
    }
}

fn run(
    listener: TcpListener,
    pool: DbPool,
    index: PublicIndex,
    map_config: MapConfig,
    static_dir: PathBuf,
    workers: usize,
) -> anyhow::Result<Server> {
    let pool = web::Data::new(pool);
    let index = web::Data::new(index);
    let map_config = web::Data::new(map_config);
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
            .service(assets::precompressed(static_dir.clone()))
            .service(
                Files::new("/", &static_dir)
                    .index_file("index.html")
                    .default_handler(fn_service(spa_index(&static_dir))),
            )
            .wrap(from_fn(limit_body))
            .wrap(cors())
            .wrap(Compress::default())
            .wrap(TracingLogger::default())
    })
    .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.run())
}
