//! The problem responses the operations share, one per status: each is an
//! `application/problem+json` [`Problem`] (rendered by [`crate::error::ApiError`]), written once
//! here and referenced from `#[utoipa::path(responses(...))]` as
//! `(status = 404, response = problems::NotFound)`. What a refusal means for one operation in
//! particular is said in that operation's description.

use shared::api::Problem;
use utoipa::ToResponse;

/// Invalid input (`invalid_input`): `errors` names each refused field or parameter with the
/// rule it breaks.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(pub Problem);

/// No valid credentials (`unauthorized`): the bearer token (the dashboard's access token, or
/// the owner token from the owner link) is missing, unknown, expired or revoked (with
/// `WWW-Authenticate: Bearer`), or a sign-in failed.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unauthorized(pub Problem);

/// Signed in, but this account may not do this (`forbidden`): the operation needs the admin
/// role, or an admin must turn on two-factor sign-in first.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Forbidden(pub Problem);

/// Nothing has this id (`not_found`).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(pub Problem);

/// The action does not fit the resource's current state: `conflict`, or, for an entry that may
/// not be public, `held_by_crisis` or `deletion_requested`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Conflict(pub Problem);

/// The request body is larger than the operation takes (`payload_too_large`).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct PayloadTooLarge(pub Problem);

/// Too many requests or attempts (`rate_limited`); `Retry-After` gives the seconds to wait.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
)]
pub struct TooManyRequests(pub Problem);

/// Try again later (`service_unavailable`): the database does not answer, or as many passwords
/// are being checked as the server allows (then with `Retry-After: 1`).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct ServiceUnavailable(pub Problem);
