//! Importing and exporting organisations as files, as `solidarity-map import` and `export` do.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use serde_json::json;
use shared::api::admin::{ImportChange, ImportReport, ImportRow};
use shared::domain::{FieldError, Status};

use super::private_json;
use crate::auth::extract::Admin;
use crate::db::DbPool;
use crate::db::models::audit;
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::with_db;
use crate::http::{MAX_IMPORT_BYTES, read_body};
use crate::services::transfer::{self, Change, ImportPlan};

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Csv,
    Geojson,
}

/// Every file format, for the parser and the document.
const FILE_FORMATS: [FileFormat; 2] = [FileFormat::Csv, FileFormat::Geojson];

fn file_format_schema() -> utoipa::openapi::schema::Object {
    shared::api::rules::one_of(FILE_FORMATS.map(FileFormat::as_str))
        .description(Some("The file format."))
        .build()
}

fn status_schema() -> utoipa::openapi::schema::Object {
    shared::api::rules::one_of(Status::ALL.map(Status::as_str))
        .description(Some("An organisation status."))
        .build()
}

impl FileFormat {
    fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Geojson => "geojson",
        }
    }
}

fn format_choice(
    text: Option<&str>,
    default: Option<FileFormat>,
) -> Result<FileFormat, FieldError> {
    match text {
        None => default.ok_or_else(|| FieldError::new("format", "required", "csv or geojson")),
        Some(text) => FILE_FORMATS
            .into_iter()
            .find(|format| format.as_str() == text)
            .ok_or_else(|| FieldError::new("format", "invalid_choice", "must be csv or geojson")),
    }
}

fn status_choice(text: Option<&str>) -> Result<Option<Status>, FieldError> {
    text.map(|t| {
        Status::parse(t).ok_or_else(|| {
            FieldError::new(
                "status",
                "invalid_choice",
                "must be pending, published, rejected, hidden or archived",
            )
        })
    })
    .transpose()
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `csv` (the columns `export` writes) or `geojson` (a FeatureCollection of points with
    /// those properties).
    pub format: Option<String>,
    /// `true`: report what would change and write nothing. `false` (the default): write.
    pub dry_run: Option<String>,
    /// The status of created entries (default `published`); updated entries keep theirs.
    pub status: Option<String>,
}

/// The plan as the API reports it.
fn import_report(plan: &ImportPlan, dry_run: bool, status: Status) -> ImportReport {
    let rows = plan
        .changes
        .iter()
        .map(|planned| {
            let (change, id, errors) = match &planned.change {
                Change::Create(id) => (ImportChange::Create, Some(*id), Vec::new()),
                Change::Update(id) => (ImportChange::Update, Some(*id), Vec::new()),
                Change::Unchanged(id) => (ImportChange::Unchanged, Some(*id), Vec::new()),
                Change::Invalid(errors) => (ImportChange::Invalid, None, errors.clone()),
            };
            ImportRow {
                number: planned.record.number,
                id,
                name: planned.record.draft.name.clone(),
                change,
                errors,
                held_by_crisis: planned.held_by_crisis(status),
            }
        })
        .collect();
    ImportReport {
        dry_run,
        status,
        created: plan.count(|c| matches!(c, Change::Create(_))),
        updated: plan.count(|c| matches!(c, Change::Update(_))),
        unchanged: plan.count(|c| matches!(c, Change::Unchanged(_))),
        invalid: plan.count(|c| matches!(c, Change::Invalid(_))),
        rows,
    }
}

/// Imports organisations from a CSV or GeoJSON file (the body, up to 10 MiB), matched to
/// stored ones by id, then slug, and validated with the join form's rules. As with
/// `solidarity-map import`, invalid records are reported and left out, and every valid one is
/// written in one transaction; with `dry_run=true` nothing is written.
///
/// Problems: `400` a parameter is wrong or the file cannot be read (field by field);
/// `403` for a moderator (admins only); `413` the file is larger than 10 MiB.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = String, description = "The file, as is", content_type = "text/csv"),
    responses(
        (status = 200, description = "What was (or, in a dry run, would be) created, updated or left unchanged, and every invalid field", body = ImportReport),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 413, response = problems::PayloadTooLarge)
    )
)]
#[post("/api/v1/admin/import")]
pub async fn import(
    pool: web::Data<DbPool>,
    Admin(actor): Admin,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mut errors = Vec::new();
    let format = format_choice(query.format.as_deref(), None)
        .map_err(|e| errors.push(e))
        .ok();
    let dry_run = match query.dry_run.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.push(FieldError::new(
                "dry_run",
                "invalid_choice",
                "must be true or false",
            ));
            false
        }
    };
    let status = status_choice(query.status.as_deref())
        .map_err(|e| errors.push(e))
        .ok()
        .flatten()
        .unwrap_or(Status::Published);
    let Some(format) = format.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let body = read_body(payload, MAX_IMPORT_BYTES).await?;
    let records = match format {
        FileFormat::Csv => transfer::read_csv(&body),
        FileFormat::Geojson => transfer::read_geojson(&body),
    }
    .map_err(|e| {
        ApiError::Invalid(vec![FieldError::new(
            "body",
            "unreadable_file",
            format!("{e:#}"),
        )])
    })?;
    let report = with_db(&pool, move |conn| {
        if dry_run {
            let plan = transfer::plan_import(conn, records)?;
            return Ok(import_report(&plan, true, status));
        }
        crate::db::write_transaction(conn, |conn| {
            let plan = transfer::plan_import(conn, records)?;
            let (created, updated) = transfer::apply_import(conn, &plan, status, || {})?;
            let report = ImportReport {
                created,
                updated,
                ..import_report(&plan, false, status)
            };
            audit::record(
                conn,
                &actor,
                "import",
                "import",
                uuid::Uuid::new_v4(),
                None,
                Some(json!({
                    "format": format.as_str(),
                    "status": status,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "invalid": report.invalid,
                })),
            )?;
            Ok(report)
        })
    })
    .await?;
    Ok(private_json(&report))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// `csv` (the default) or `geojson`.
    #[param(schema_with = file_format_schema)]
    pub format: Option<String>,
    /// Only this status: `pending`, `published`, `rejected`, `hidden` or `archived` (default:
    /// every status).
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
}

/// Every organisation (or those in one status) as a file to download: the public fields and
/// the status, in the columns `import` reads. Never a private field (contact address, notes,
/// owner tokens).
///
/// Problems: `400` unknown format or status (field by field); `403` for a moderator (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "An attachment: UTF-8 CSV with a header row (the public columns, then `status`), or an RFC 7946 FeatureCollection whose properties are the public fields and `status`",
            content(
                (String = "text/csv"),
                (serde_json::Value = "application/geo+json")
            )),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/export")]
pub async fn export(
    pool: web::Data<DbPool>,
    _: Admin,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = Vec::new();
    let format = format_choice(query.format.as_deref(), Some(FileFormat::Csv))
        .map_err(|e| errors.push(e))
        .ok();
    let status = status_choice(query.status.as_deref())
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let Some(format) = format.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let items = with_db(&pool, move |conn| {
        Ok(transfer::all_with_status(conn, status)?)
    })
    .await?;
    let (body, content_type) = match format {
        FileFormat::Csv => (
            transfer::csv_bytes_with_status(&items)?,
            "text/csv; charset=utf-8",
        ),
        FileFormat::Geojson => (
            serde_json::to_vec_pretty(&transfer::feature_collection_with_status(&items))
                .map_err(anyhow::Error::from)?,
            "application/geo+json",
        ),
    };
    let name = match status {
        Some(status) => format!("organizations-{}.{}", status.as_str(), format.as_str()),
        None => format!("organizations.{}", format.as_str()),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}
