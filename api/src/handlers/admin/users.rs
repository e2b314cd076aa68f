use actix_web::{HttpResponse, get, post, put, web};
use serde_json::json;
use shared::api::admin::{NewUserRequest, UserUpdate, UserView};
use shared::api::auth::Role;
use shared::domain::{EmailAddress, FieldError, UserId};

use super::private_json;
use crate::auth::extract::Admin;
use crate::auth::session;
use crate::config::JoinSettings;
use crate::db::models::{audit, now, outbox, user, utc};
use crate::db::{AnyConnection, DbPool};
use crate::error::ApiError;
use crate::handlers::problems;
use crate::handlers::{id_in_path, with_db};
use crate::http::json_body;
use crate::mail;

fn view(conn: &mut AnyConnection, row: user::UserRow) -> Result<UserView, ApiError> {
    let countries = crate::services::moderation::scope_of(conn, row.id)?
        .codes()
        .unwrap_or_default();
    Ok(UserView {
        countries,
        id: row.id,
        role: row.role,
        email: row.email,
        disabled: row.disabled,
        totp_enabled: row.totp_enabled,
        invited: row.password_hash == user::NO_PASSWORD,
        created_at: utc(row.created_at),
    })
}

fn load(conn: &mut AnyConnection, id: UserId) -> Result<UserView, ApiError> {
    let row = user::by_id(conn, id)?.ok_or_else(|| ApiError::NotFound("user".to_owned()))?;
    view(conn, row)
}

/// Every account.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    operation_id = "list_users",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Accounts", body = Vec<UserView>),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden)
    )
)]
#[get("/api/v1/admin/users")]
pub async fn list(pool: web::Data<DbPool>, _: Admin) -> Result<HttpResponse, ApiError> {
    let users = with_db(&pool, |conn| {
        user::all(conn)?
            .into_iter()
            .map(|row| view(conn, row))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(private_json(&users))
}

/// Creates an account with a first password or, without one, an account whose person gets an
/// invitation e-mail with a link (`{public_url}/admin/invite#token=…`, valid 7 days, working
/// once) to choose their password (`POST /api/v1/auth/invitation`).
///
/// Problems: `403` for a moderator (admins only); `409` the address has an account.
#[utoipa::path(
    operation_id = "create_user",
    tag = "admin",
    security(("bearer" = [])),
    request_body = NewUserRequest,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 409, response = problems::Conflict)
    )
)]
#[post("/api/v1/admin/users")]
pub async fn create(
    pool: web::Data<DbPool>,
    settings: web::Data<JoinSettings>,
    Admin(actor): Admin,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<NewUserRequest>(&body)?);
    let request = request.into_inner();
    let mut errors = Vec::new();
    let email = EmailAddress::parse(&request.email)
        .map_err(|e| errors.push(e.at("email")))
        .ok();
    if request.role.is_none() {
        errors.push(FieldError::new("role", "required", "admin or moderator"));
    }
    let invite = request.password.is_empty();
    if !invite && let Err(e) = shared::api::auth::new_password(&request.password) {
        errors.push(e.at("password"));
    }
    let (Some(email), Some(role)) = (email, request.role) else {
        return Err(ApiError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let public_url = settings.public_url.clone();
    let outbox_key = settings.outbox_key.clone();
    let created = with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let id = if invite {
                let (id, token) = session::create_invited_user(conn, email.as_str(), role)?;
                // The token rides in the fragment, which browsers never send to a server.
                let url = format!("{public_url}/admin/invite#token={token}");
                outbox::enqueue(
                    conn,
                    &outbox_key,
                    &mail::invitation(
                        &email.as_str().to_lowercase(),
                        shared::i18n::Lang::SOURCE,
                        role.as_str(),
                        &url,
                        session::INVITATION_DAYS,
                    ),
                    now(),
                )?;
                id
            } else {
                session::create_user(conn, email.as_str(), role, &request.password)?
            };
            let created = load(conn, id)?;
            audit::record(
                conn,
                &actor,
                "create_user",
                "user",
                id,
                None,
                Some(json!(created)),
            )?;
            Ok(created)
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(created))
}

/// Changes an account's role, or disables it (which ends its sessions at once).
///
/// Problems: `400` the body is not a JSON account change; `403` for a moderator (admins only);
/// `409` an admin cannot demote or disable themselves.
#[utoipa::path(
    operation_id = "update_user",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The account")),
    request_body = UserUpdate,
    responses(
        (status = 200, description = "Changed", body = UserView),
        (status = 400, response = problems::BadRequest),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)
    )
)]
#[put("/api/v1/admin/users/{id}")]
pub async fn update(
    pool: web::Data<DbPool>,
    Admin(actor): Admin,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request = web::Json(json_body::<UserUpdate>(&body)?);
    let request = request.into_inner();
    let countries = request.countries().map_err(ApiError::Invalid)?;
    let id: UserId = id_in_path(&id, "user")?;
    if id == actor.id && (request.disabled || request.role != Role::Admin) {
        return Err(ApiError::Conflict(
            "an admin cannot demote or disable themselves".to_owned(),
        ));
    }
    let updated = with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let before = load(conn, id)?;
            let at = now();
            user::set_role_and_disabled(conn, id, request.role, request.disabled, at)?;
            if let Some(countries) = &countries {
                crate::services::moderation::set_scope(conn, id, countries)?;
            }
            if request.disabled || request.role != before.role {
                user::end_sessions(conn, id, at)?;
            }
            let after = load(conn, id)?;
            audit::record(
                conn,
                &actor,
                "update_user",
                "user",
                id,
                Some(json!(before)),
                Some(json!(after)),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(private_json(&updated))
}

/// Turns off an account's two-factor sign-in (for someone who lost their authenticator and
/// recovery codes): removes its TOTP secret and recovery codes and ends its sessions, so the
/// next sign-in takes the password alone. An admin may reset their own.
///
/// Problems: `403` for a moderator (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The account")),
    responses(
        (status = 204, description = "Two-factor sign-in is off and every session ended"),
        (status = 401, response = problems::Unauthorized),
        (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound)
    )
)]
#[post("/api/v1/admin/users/{id}/reset-2fa")]
pub async fn reset_two_factor(
    pool: web::Data<DbPool>,
    Admin(actor): Admin,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: UserId = id_in_path(&id, "user")?;
    with_db(&pool, move |conn| {
        crate::db::write_transaction(conn, |conn| {
            let before = load(conn, id)?;
            user::reset_totp(conn, id)?;
            user::end_sessions(conn, id, now())?;
            let after = load(conn, id)?;
            audit::record(
                conn,
                &actor,
                "reset_totp",
                "user",
                id,
                Some(json!(before)),
                Some(json!(after)),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
