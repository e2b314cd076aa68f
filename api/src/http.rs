//! Response helpers shared by the handlers: validators for conditional requests, and the body
//! size limit.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

/// How long browsers and proxies may reuse a public listing before asking again (seconds).
pub const PUBLIC_MAX_AGE: u32 = 60;

/// Largest request body accepted anywhere in the API, but [`IMPORT_PATH`].
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The admin import takes whole files.
pub const IMPORT_PATH: &str = "/api/v1/admin/import";

/// Largest file the admin import accepts.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// The largest body a route accepts.
pub fn body_limit(path: &str) -> usize {
    if path == IMPORT_PATH {
        MAX_IMPORT_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// Reads a raw body of at most `limit` bytes, for the one route whose limit is not the global
/// one (its handler checks who is asking before it reads).
pub async fn read_body(
    payload: actix_web::web::Payload,
    limit: usize,
) -> Result<actix_web::web::Bytes, crate::error::ApiError> {
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(crate::error::ApiError::Invalid(vec![
            shared::domain::FieldError::new("body", "unreadable_body", e.to_string()),
        ])),
        Err(_) => Err(crate::error::ApiError::PayloadTooLarge { limit }),
    }
}

/// A weak validator: weak because the compression middleware may re-encode the same content.
pub fn etag_for(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("W/\"{}\"", crate::secrets::hex(&digest[..16]))
}

fn matches_if_none_match(req: &HttpRequest, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == bare)
}

/// A cacheable public response: `ETag` and `Cache-Control`, or `304 Not Modified` when the
/// client already holds this exact content.
pub fn cacheable(req: &HttpRequest, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let etag = etag_for(&body);
    let cache_control = format!("public, max-age={PUBLIC_MAX_AGE}");
    if matches_if_none_match(req, &etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache_control))
            .finish();
    }
    let mut response = HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .body(body);
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// JSON version of [`cacheable`].
pub fn cacheable_json<T: serde::Serialize>(
    req: &HttpRequest,
    value: &T,
) -> Result<HttpResponse, crate::error::ApiError> {
    let body = serde_json::to_vec(value).map_err(anyhow::Error::from)?;
    Ok(cacheable(req, "application/json", body))
}

/// Reads a JSON body. Handlers that check who is asking take the body as bytes and parse it
/// afterwards, so that an unauthenticated request gets 401 whatever its body (actix extracts
/// a handler's arguments concurrently, and a malformed body would otherwise answer first).
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, crate::error::ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        crate::error::ApiError::Invalid(vec![shared::domain::FieldError::new(
            "body",
            "invalid_json",
            format!("Json deserialize error: {e}"),
        )])
    })
}

/// The key a request's client is counted under by every rate limit: its address as the trusted
/// proxies tell it (see [`crate::client_address`]), its /64 for IPv6. It is never stored.
pub fn request_client_ip(req: &HttpRequest) -> std::net::IpAddr {
    crate::client_address::rate_key(crate::client_address::of_request(req))
}
