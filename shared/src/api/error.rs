use crate::domain::FieldError;

/// Stable error codes: clients (our web app included) match on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    /// The path exists, the method does not (the `Allow` header lists the methods).
    MethodNotAllowed,
    PayloadTooLarge,
    /// The request body did not arrive in time.
    RequestTimeout,
    UnsupportedMediaType,
    RateLimited,
    Unauthorized,
    Forbidden,
    Conflict,
    /// A crisis action covers the entry: it stays hidden until an admin restores that action.
    HeldByCrisis,
    /// The entry's owner asked for it to be deleted: it is not shown again.
    DeletionRequested,
    ServiceUnavailable,
    Internal,
}

impl ErrorCode {
    pub fn title(self) -> &'static str {
        match self {
            Self::InvalidInput => "The request has invalid input",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::PayloadTooLarge => "The request body is too large",
            Self::RequestTimeout => "The request took too long to arrive",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::RateLimited => "Too many requests",
            Self::Unauthorized => "Authentication required",
            Self::Forbidden => "Not allowed",
            Self::Conflict => "Conflict",
            Self::HeldByCrisis => "Held by crisis mode",
            Self::DeletionRequested => "Waiting to be deleted",
            Self::ServiceUnavailable => "Service unavailable",
            Self::Internal => "Internal server error",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Self::InvalidInput => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict | Self::HeldByCrisis | Self::DeletionRequested => 409,
            Self::RequestTimeout => 408,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::ServiceUnavailable => 503,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::RequestTimeout => "request_timeout",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RateLimited => "rate_limited",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Conflict => "conflict",
            Self::HeldByCrisis => "held_by_crisis",
            Self::DeletionRequested => "deletion_requested",
            Self::ServiceUnavailable => "service_unavailable",
            Self::Internal => "internal",
        }
    }
}

/// An RFC 9457 problem details body (`application/problem+json`), with our stable `code` and,
/// for invalid input, one entry per refused field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.code.as_str())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// A problem is an error: the web app's error boundaries take it as one.
impl std::error::Error for Problem {}

impl Problem {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("urn:solidarity-map:problem:{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status(),
            detail: detail.into(),
            code,
            errors: Vec::new(),
        }
    }

    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        Self {
            errors: errors.clone(),
            ..Self::new(
                ErrorCode::InvalidInput,
                format!("invalid: {}", fields.join(", ")),
            )
        }
    }
}
