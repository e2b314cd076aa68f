//! The one error type of the HTTP API, rendered as `application/problem+json`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use shared::api::{ErrorCode, Problem};
use shared::domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("{0} not found")]
    NotFound(String),
    /// The action does not fit the resource's current state.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The entry may not be public now ([`crate::services::crisis::held`]).
    #[error("held: {0:?}")]
    Held(crate::services::crisis::Held),
    /// A missing or unknown owner token.
    #[error("unauthorized")]
    Unauthorized,
    /// A missing, invalid, expired or revoked access token.
    #[error("not signed in")]
    NotSignedIn,
    /// Wrong e-mail address or password (the same answer for both), or a wrong second factor.
    #[error("sign-in failed")]
    SignInFailed(&'static str),
    /// A signed-in user's password or one-time code was wrong: the same answer whichever, for
    /// these fields (counted by the sign-in throttle like a failed sign-in).
    #[error("wrong password or code")]
    WrongSecret { fields: &'static [&'static str] },
    /// As many password checks as the server allows are running; try again in a second.
    #[error("busy checking passwords")]
    Busy,
    /// The account has two-factor sign-in: the code is needed.
    #[error("second factor required")]
    SecondFactorRequired,
    /// Signed in, but the role (or a missing second factor) does not allow this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited")]
    RateLimited { retry_after: u64 },
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the database is not available")]
    Unavailable(#[source] anyhow::Error),
    /// Anything unexpected. The cause chain is logged, never sent.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// Whether a password, one-time code or recovery code was wrong.
    pub fn is_wrong_secret(&self) -> bool {
        matches!(self, Self::SignInFailed(_) | Self::WrongSecret { .. })
    }

    /// What the logs say about this error. For invalid input only the fields and the rules:
    /// the messages may quote what was sent (a coordinate, an e-mail in the wrong field), and
    /// logs are kept. Everything else as `Debug`, which for a 500 holds the cause chain.
    pub fn for_log(&self) -> String {
        match self {
            Self::Invalid(errors) => {
                let fields: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.rule))
                    .collect();
                format!("invalid input ({})", fields.join(", "))
            }
            other => format!("{other:?}"),
        }
    }

    pub fn problem(&self) -> Problem {
        match self {
            Self::Invalid(errors) => Problem::invalid(errors.clone()),
            Self::NotFound(what) => Problem::new(ErrorCode::NotFound, format!("{what} not found")),
            Self::Conflict(detail) => Problem::new(ErrorCode::Conflict, detail.clone()),
            Self::Held(crate::services::crisis::Held::Crisis(_)) => Problem::new(
                ErrorCode::HeldByCrisis,
                "a crisis action covers this entry: it stays hidden until an admin restores that action",
            ),
            Self::Held(crate::services::crisis::Held::DeletionRequested) => Problem::new(
                ErrorCode::DeletionRequested,
                "the owner asked for this entry to be deleted: it is not shown again",
            ),
            Self::Unauthorized => Problem::new(
                ErrorCode::Unauthorized,
                "this needs a valid owner link (Authorization: Bearer <owner token>)",
            ),
            Self::NotSignedIn => Problem::new(
                ErrorCode::Unauthorized,
                "sign in first: Authorization: Bearer <access token>",
            ),
            Self::SignInFailed(detail) => Problem::new(ErrorCode::Unauthorized, *detail),
            Self::WrongSecret { fields } => Problem::invalid(
                fields
                    .iter()
                    .map(|field| {
                        FieldError::new(
                            *field,
                            "wrong_password_or_code",
                            "the password or the code is wrong",
                        )
                    })
                    .collect(),
            ),
            Self::Busy => Problem::new(
                ErrorCode::ServiceUnavailable,
                "the server is checking other passwords; try again in a second",
            ),
            Self::SecondFactorRequired => {
                let mut problem = Problem::new(
                    ErrorCode::Unauthorized,
                    "this account uses two-factor sign-in: send the authenticator's code or a recovery code",
                );
                problem.errors = vec![FieldError::new(
                    "totp_code",
                    "required",
                    "the code from the authenticator app",
                )];
                problem
            }
            Self::Forbidden(detail) => Problem::new(ErrorCode::Forbidden, detail.clone()),
            Self::RateLimited { retry_after } => Problem::new(
                ErrorCode::RateLimited,
                format!("too many attempts; try again in {retry_after} s"),
            ),
            Self::PayloadTooLarge { limit } => Problem::new(
                ErrorCode::PayloadTooLarge,
                format!("the request body must be at most {limit} bytes"),
            ),
            Self::Unavailable(_) => Problem::new(
                ErrorCode::ServiceUnavailable,
                "the database is not available",
            ),
            Self::Internal(_) => {
                Problem::new(ErrorCode::Internal, "something went wrong on our side")
            }
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::NotFound("the resource".to_owned()),
            // Two requests raced to create the same thing; the second learns it exists.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => Self::Conflict("this already exists".to_owned()),
            // SQLite's single writer stayed busy for longer than the busy timeout (overload):
            // nothing was written, and trying again later will work.
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().contains("database is locked") =>
            {
                Self::Unavailable(anyhow::Error::new(e).context("the database is busy"))
            }
            other => Self::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) | Self::Unavailable(cause) = self {
            tracing::error!(error = ?cause, "request failed");
        }
        let mut response = problem_response(&self.problem());
        use actix_web::http::header::{HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};
        match self {
            Self::Unauthorized | Self::NotSignedIn => {
                response
                    .headers_mut()
                    .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::RateLimited { retry_after } => {
                if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
                    response.headers_mut().insert(RETRY_AFTER, value);
                }
            }
            Self::Busy => {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        response
    }
}

pub fn problem_response(problem: &Problem) -> HttpResponse {
    HttpResponse::build(
        StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    )
    .content_type("application/problem+json")
    .insert_header(("Cache-Control", "no-store"))
    .json(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_sqlite_writer_is_a_temporary_503_not_a_500() {
        let busy = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::Unknown,
            Box::new("database is locked".to_owned()),
        );
        assert_eq!(ApiError::from(busy).problem().status, 503);
        let other = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::Unknown,
            Box::new("no such table: nothing".to_owned()),
        );
        assert_eq!(ApiError::from(other).problem().status, 500);
    }
}
