//! Response helpers shared by the handlers: validators for conditional requests, and the body
//! size limit.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};
use shared::domain::FieldError;

/// Browsers and shared caches may keep a public answer but must ask again (with its `ETag`:
/// `304` when nothing changed) before each reuse. A `max-age` would let a CDN show an entry
/// for that long after its owner hid it or a crisis covered it.
pub const PUBLIC_CACHE_CONTROL: &str = "public, no-cache";

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
    if matches_if_none_match(req, &etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, PUBLIC_CACHE_CONTROL))
            .finish();
    }
    let mut response = HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, PUBLIC_CACHE_CONTROL))
        .body(body);
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A public answer prepared once and sent many times: its body, its Brotli form (compressing on
/// every request cost more than building the answer, BENCHMARKS.md "Pages without scripts") and
/// its validator.
pub struct Prepared {
    content_type: &'static str,
    etag: String,
    plain: Vec<u8>,
    brotli: Vec<u8>,
}

impl Prepared {
    pub fn new(content_type: &'static str, plain: Vec<u8>) -> Self {
        Self::compressed_at(content_type, plain, 9)
    }

    /// With Brotli at `quality` (0 to 11). Quality 5 compressed a 19 KB cluster answer in
    /// 0.43 ms where 9 took 11 ms, for 0.5% more bytes (issue #17): the choice for answers
    /// built on a request that may not come again.
    pub fn compressed_at(content_type: &'static str, plain: Vec<u8>, quality: u32) -> Self {
        let mut brotli = Vec::with_capacity(plain.len() / 4);
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 16 * 1024, quality, 22);
            let _ = std::io::Write::write_all(&mut writer, &plain);
        }
        Self {
            content_type,
            etag: etag_for(&plain),
            plain,
            brotli,
        }
    }

    pub fn plain(&self) -> &[u8] {
        &self.plain
    }

    /// The same answer (and validator), compressed again at `quality`.
    pub fn recompressed(&self, quality: u32) -> Self {
        Self::compressed_at(self.content_type, self.plain.clone(), quality)
    }

    /// `304` when the client holds it; the Brotli form to a client that accepts it (the
    /// compression middleware leaves an answer with a `Content-Encoding` alone); else the body.
    pub fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let mut response = if matches_if_none_match(req, &self.etag) {
            HttpResponse::NotModified().finish()
        } else if accepts_brotli(req) {
            HttpResponse::Ok()
                .content_type(self.content_type)
                .insert_header((header::CONTENT_ENCODING, "br"))
                .body(self.brotli.clone())
        } else {
            HttpResponse::Ok()
                .content_type(self.content_type)
                .body(self.plain.clone())
        };
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PUBLIC_CACHE_CONTROL),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        response
    }
}

fn accepts_brotli(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().split(';').next() == Some("br"))
}

/// Answers prepared from one snapshot of the public index (or whatever `T` is), by request;
/// emptied when it changes, and when full. It holds the snapshot it was built from, so that
/// another one can never be taken for it at the same address.
pub struct PreparedAnswers<T, const MAX: usize>(parking_lot::Mutex<Held<T>>);

type Held<T> = (
    Option<std::sync::Arc<T>>,
    std::collections::HashMap<String, std::sync::Arc<Prepared>>,
);

impl<T, const MAX: usize> Default for PreparedAnswers<T, MAX> {
    fn default() -> Self {
        Self(parking_lot::Mutex::new((
            None,
            std::collections::HashMap::new(),
        )))
    }
}

/// Whether what is held was prepared from `from` (the same snapshot, not an equal one).
fn built_from<T>(held: &Held<T>, from: &std::sync::Arc<T>) -> bool {
    held.0
        .as_ref()
        .is_some_and(|f| std::sync::Arc::ptr_eq(f, from))
}

impl<T, const MAX: usize> PreparedAnswers<T, MAX> {
    pub fn get(&self, from: &std::sync::Arc<T>, key: &str) -> Option<std::sync::Arc<Prepared>> {
        let held = self.0.lock();
        built_from(&held, from)
            .then(|| held.1.get(key).cloned())
            .flatten()
    }

    pub fn keep(&self, from: &std::sync::Arc<T>, key: String, answer: std::sync::Arc<Prepared>) {
        let mut held = self.0.lock();
        if !built_from(&held, from) || held.1.len() >= MAX {
            held.1.clear();
            held.0 = Some(from.clone());
        }
        held.1.insert(key, answer);
    }

    /// Puts `answer` in place of the one kept for `key`, if both are still from `from` (a
    /// better-compressed copy made in the background must not outlive its data).
    pub fn improve(&self, from: &std::sync::Arc<T>, key: &str, answer: std::sync::Arc<Prepared>) {
        let mut held = self.0.lock();
        if built_from(&held, from)
            && let Some(kept) = held.1.get_mut(key)
        {
            *kept = answer;
        }
    }
}

/// Small public answers every first visit asks for (the categories, countries and focus areas):
/// built on each request, but their bytes change only when the data does, so the Brotli form
/// at the best quality is made once per content and sent until it changes. It saves 1.3 KB of
/// every first visit (issue #17's budget) for about 3 ms of compression per change.
#[derive(Default)]
pub struct BestCompressed(
    parking_lot::Mutex<std::collections::HashMap<&'static str, std::sync::Arc<Prepared>>>,
);

impl BestCompressed {
    const QUALITY: u32 = 11;

    /// `value` as JSON, its Brotli form made again only when the bytes under `name` changed.
    pub fn json<T: serde::Serialize>(
        &self,
        req: &HttpRequest,
        name: &'static str,
        value: &T,
    ) -> Result<HttpResponse, crate::error::ApiError> {
        let plain = serde_json::to_vec(value).map_err(anyhow::Error::from)?;
        let held = self.0.lock().get(name).cloned();
        let prepared = match held {
            Some(prepared) if prepared.plain == plain => prepared,
            _ => {
                let prepared = std::sync::Arc::new(Prepared::compressed_at(
                    "application/json",
                    plain,
                    Self::QUALITY,
                ));
                self.0.lock().insert(name, prepared.clone());
                prepared
            }
        };
        Ok(prepared.respond(req))
    }
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
///
/// An error names the field and the rule (`latitude`: `invalid_type`, "expected a number") but
/// never the value: serde's own messages quote it (`invalid type: string "…"`), and error
/// answers are logged.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, crate::error::ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| json_error(&field_path(e.path()), e.inner()))?;
    // What `serde_json::from_slice` also checks: nothing but whitespace after the value.
    deserializer.end().map_err(|e| json_error("body", &e))?;
    Ok(value)
}

/// A JSON request body, like `web::Json`, whose errors name the field and the rule without
/// the value (see [`json_body`]).
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = crate::error::ApiError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let is_json =
            req.mime_type().ok().flatten().is_some_and(|mime| {
                mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON)
            });
        let limit = body_limit(req.path());
        let payload = actix_web::web::Payload::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(crate::error::ApiError::Invalid(vec![FieldError::new(
                    "body",
                    "invalid_json",
                    "the body must be JSON (Content-Type: application/json)",
                )]));
            }
            let payload = payload
                .await
                .map_err(|e| anyhow::anyhow!("taking the request body: {e}"))?;
            let body = read_body(payload, limit).await?;
            json_body(&body).map(Json)
        })
    }
}

/// A path like `languages[1]` or `location.latitude`. Map keys and variants are the client's
/// own text when they are not our field names, so only identifier-like ones are shown.
fn field_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let plain = |name: &str| {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok { name.to_owned() } else { "?".to_owned() }
    };
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&plain(key));
            }
            Segment::Unknown => out.push_str(if out.is_empty() { "?" } else { ".?" }),
        }
    }
    out
}

/// A JSON error at `path` (empty: the whole body) as a field error without the value.
fn json_error(path: &str, error: &serde_json::Error) -> crate::error::ApiError {
    use serde_json::error::Category;
    let field = if path.is_empty() { "body" } else { path };
    let field_error = match error.classify() {
        Category::Io => FieldError::new("body", "unreadable_body", "the body could not be read"),
        Category::Syntax | Category::Eof => FieldError::new(
            field,
            "invalid_json",
            format!(
                "not valid JSON (line {}, column {})",
                error.line(),
                error.column()
            ),
        ),
        Category::Data => {
            let broken = data_rule(&error.to_string());
            let field = match (broken.field, path.is_empty()) {
                (Some(name), true) => name,
                (Some(name), false) => format!("{path}.{name}"),
                (None, _) => field.to_owned(),
            };
            FieldError::new(field, broken.rule, broken.message)
        }
    };
    crate::error::ApiError::Invalid(vec![field_error])
}

/// A serde data error retold without the value it quotes.
pub struct BrokenRule {
    pub rule: &'static str,
    pub message: String,
    /// The field the message names, for `missing field` (its parent is the error's path).
    pub field: Option<String>,
}

/// Rewrites serde's message (`invalid type: string "52,1", expected f64 at line 1 column 9`) to
/// the rule and what was expected (`invalid_type`, "expected a number"). The expectation comes
/// from our types, the quoted value from the client: only the former is kept. Anything else
/// (a type's own message, which may quote the value) becomes a plain "not a valid value".
pub fn data_rule(text: &str) -> BrokenRule {
    // serde_json appends the position; nothing after the expectation is ours.
    let text = text.rfind(" at line ").map_or(text, |i| &text[..i]);
    let expected = || {
        text.rfind(", expected ")
            .map(|i| format!("expected {}", plain_type(&text[i + ", expected ".len()..])))
    };
    let named = |prefix: &str| {
        text.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('`'))
            .and_then(|rest| rest.strip_suffix('`'))
            .map(str::to_owned)
    };
    let rule = |rule, message: Option<String>, fallback: &str| BrokenRule {
        rule,
        message: message.unwrap_or_else(|| fallback.to_owned()),
        field: None,
    };
    if text.starts_with("invalid type: ") {
        rule("invalid_type", expected(), "of another type")
    } else if text.starts_with("invalid value: ") {
        rule("invalid_value", expected(), "not a valid value")
    } else if text.starts_with("invalid length ") {
        rule("invalid_length", expected(), "not of a valid length")
    } else if text.starts_with("unknown variant ") {
        rule("invalid_choice", expected(), "not one of the choices")
    } else if text.starts_with("unknown field ") {
        rule("unknown_field", None, "a field that is not accepted here")
    } else if let Some(name) = named("missing field ") {
        BrokenRule {
            field: Some(name),
            ..rule("required", None, "this field is required")
        }
    } else if let Some(name) = named("duplicate field ") {
        BrokenRule {
            field: Some(name),
            ..rule("duplicate", None, "this field is given more than once")
        }
    } else if STD_PARSE_ERRORS.contains(&text) {
        // The standard library's number parsing (query strings): fixed sentences.
        rule("invalid_value", Some(text.to_owned()), "")
    } else {
        rule("invalid_value", None, "not a valid value")
    }
}

/// `ParseIntError` and `ParseFloatError` messages, which never quote the input.
const STD_PARSE_ERRORS: [&str; 6] = [
    "cannot parse integer from empty string",
    "invalid digit found in string",
    "number too large to fit in target type",
    "number too small to fit in target type",
    "cannot parse float from empty string",
    "invalid float literal",
];

/// serde's names of primitive types, in words.
fn plain_type(expected: &str) -> &str {
    match expected {
        "f32" | "f64" => "a number",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number of 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "a borrowed string" => "a string",
        other => other,
    }
}

/// The key a request's client is counted under by every rate limit: its address as the trusted
/// proxies tell it (see [`crate::client_address`]), its /64 for IPv6. It is never stored.
pub fn request_client_ip(req: &HttpRequest) -> std::net::IpAddr {
    crate::client_address::rate_key(crate::client_address::of_request(req))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_retold_without_the_value_they_quote() {
        let broken = data_rule(
            "invalid type: string \"a, expected f64 at line 9\", expected f64 at line 1 column 30",
        );
        assert_eq!(
            (broken.rule, broken.message.as_str()),
            ("invalid_type", "expected a number")
        );
        let broken = data_rule("unknown variant `me@example.org`, expected `a` or `b`");
        assert_eq!(broken.rule, "invalid_choice");
        assert!(
            !broken.message.contains("example.org"),
            "{}",
            broken.message
        );
        let broken = data_rule("missing field `name` at line 1 column 2");
        assert_eq!(
            (broken.rule, broken.field.as_deref()),
            ("required", Some("name"))
        );
        let broken = data_rule("NO is not an ISO 3166-1 alpha-2 country code");
        assert_eq!(broken.message, "not a valid value");
    }

    #[test]
    fn a_json_error_names_the_field_path() {
        let error = json_body::<std::collections::BTreeMap<String, Vec<f64>>>(
            br#"{"coordinates": [1.5, "secret"]}"#,
        );
        let Err(crate::error::ApiError::Invalid(errors)) = error else {
            panic!("accepted");
        };
        assert_eq!(errors[0].field, "coordinates[1]");
        let error = json_body::<std::collections::BTreeMap<String, Vec<f64>>>(
            br#"{"me@example.org": ["x"]}"#,
        );
        let Err(crate::error::ApiError::Invalid(errors)) = error else {
            panic!("accepted");
        };
        assert_eq!(errors[0].field, "?[0]");
    }
}

#[cfg(test)]
mod prepared_tests {
    use std::io::Read;
    use std::sync::Arc;

    use actix_web::body::MessageBody;
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn a_prepared_answer_is_the_same_content_in_brotli_and_revalidates() {
        let plain = "<p>Jerusalem (al-Quds)</p>".repeat(200).into_bytes();
        let answer = Prepared::new("text/html; charset=utf-8", plain.clone());
        let brotli = answer.respond(
            &TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, "gzip, br"))
                .to_http_request(),
        );
        assert_eq!(
            brotli.headers().get(header::CONTENT_ENCODING),
            Some(&HeaderValue::from_static("br"))
        );
        let bytes = brotli.into_body().try_into_bytes().unwrap_or_default();
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&bytes[..], 4096)
            .read_to_end(&mut decoded)
            .unwrap_or_default();
        assert_eq!(decoded, plain);
        let identity = answer.respond(&TestRequest::default().to_http_request());
        assert!(!identity.headers().contains_key(header::CONTENT_ENCODING));
        let etag = identity
            .headers()
            .get(header::ETAG)
            .cloned()
            .unwrap_or(HeaderValue::from_static("none"));
        let again = answer.respond(
            &TestRequest::default()
                .insert_header((header::IF_NONE_MATCH, etag))
                .to_http_request(),
        );
        assert_eq!(again.status(), 304);
    }

    #[test]
    fn answers_from_another_snapshot_are_never_served() {
        let answers = PreparedAnswers::<u32, 2>::default();
        let (old, new) = (Arc::new(1), Arc::new(1));
        answers.keep(
            &old,
            "q".to_owned(),
            Arc::new(Prepared::new("text/plain", b"old".to_vec())),
        );
        assert!(answers.get(&old, "q").is_some());
        assert!(answers.get(&new, "q").is_none());
        answers.keep(
            &new,
            "q".to_owned(),
            Arc::new(Prepared::new("text/plain", b"new".to_vec())),
        );
        assert!(answers.get(&old, "q").is_none());
        assert_eq!(
            answers.get(&new, "q").map(|a| a.plain().to_vec()),
            Some(b"new".to_vec())
        );
    }

    #[test]
    fn a_better_compressed_copy_replaces_only_an_answer_still_current() {
        let answers = PreparedAnswers::<u32, 4>::default();
        let (old, new) = (Arc::new(1), Arc::new(1));
        let plain = "<li>Silwan</li><li>Sheikh Jarrah</li>"
            .repeat(300)
            .into_bytes();
        let fast = Arc::new(Prepared::compressed_at("text/html", plain.clone(), 1));
        let best = Arc::new(fast.recompressed(11));
        assert!(best.brotli.len() < fast.brotli.len());
        assert_eq!((&best.etag, &best.plain), (&fast.etag, &fast.plain));
        answers.keep(&new, "page".to_owned(), fast.clone());
        // Made from a snapshot since replaced: dropped, and what is kept stays.
        answers.improve(&old, "page", best.clone());
        assert!(
            answers
                .get(&new, "page")
                .is_some_and(|a| Arc::ptr_eq(&a, &fast))
        );
        // Never a page that was not kept.
        answers.improve(&new, "other", best.clone());
        assert!(answers.get(&new, "other").is_none());
        answers.improve(&new, "page", best.clone());
        assert!(
            answers
                .get(&new, "page")
                .is_some_and(|a| Arc::ptr_eq(&a, &best))
        );
    }
}
