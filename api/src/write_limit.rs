//! Per-address limits on the public write endpoints (joining, owner actions, contact), answered
//! with a problem document before the body is read, and on public reads (a generous one, so that
//! nobody harvests the whole map in a few seconds while a person panning never meets it). Signed-in staff and sign-in itself have
//! their own rules (see `auth::throttle`). The address is a key in this limiter's memory and is
//! stored nowhere else.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::{ApiError, problem_response};

pub struct WriteLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl WriteLimiter {
    pub fn new(burst: u32, period: Duration) -> Self {
        let quota = Quota::with_period(period.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN));
        Self(RateLimiter::keyed(quota))
    }

    /// Forgets addresses that are idle again.
    pub fn forget_idle(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

/// Whether a request is a public write: any method but GET, HEAD and OPTIONS,
/// except sign-in and the signed-in staff's routes.
fn is_public_write(req: &ServiceRequest) -> bool {
    let path = req.path();
    // The API's writes and the pages' forms (`/join`, `/contact/…`, `/owner`).
    !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !path.starts_with("/api/v1/admin/")
        && !path.starts_with("/api/v1/auth/")
}

/// The 429 answer, with `Retry-After`.
fn refused<B>(
    req: ServiceRequest,
    not_until: governor::NotUntil<governor::clock::QuantaInstant>,
) -> ServiceResponse<EitherBody<B>> {
    use governor::clock::{Clock, DefaultClock};
    let retry_after = not_until
        .wait_time_from(DefaultClock::default().now())
        .as_secs()
        + 1;
    // The pages' forms get a page; the API its problem document.
    let mut response = if req.path().starts_with("/api/") {
        problem_response(&ApiError::RateLimited { retry_after }.problem())
    } else {
        crate::site::too_many_requests(req.request())
    };
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&retry_after.to_string()) {
        response
            .headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, value);
    }
    req.into_response(response).map_into_right_body()
}

pub async fn limit_public_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if is_public_write(&req)
        && let Some(limiter) = req.app_data::<web::Data<WriteLimiter>>()
    {
        let ip = crate::http::request_client_ip(req.request());
        if let Err(not_until) = limiter.0.check_key(&ip) {
            return Ok(refused(req, not_until));
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// The limit on public reads; `None` (a burst of 0) turns it off, e.g. for load benchmarks.
pub struct ReadLimiter(Option<WriteLimiter>);

impl ReadLimiter {
    pub fn new(burst: u32, period: Duration) -> Self {
        Self((burst > 0).then(|| WriteLimiter::new(burst, period)))
    }

    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.0 {
            limiter.forget_idle();
        }
    }
}

/// Whether a request reads the public API (the web app's own files are not counted).
fn is_public_read(req: &ServiceRequest) -> bool {
    let path = req.path();
    matches!(*req.method(), Method::GET | Method::HEAD)
        && path.starts_with("/api/v1/")
        && !path.starts_with("/api/v1/admin/")
        && !path.starts_with("/api/v1/auth/")
}

pub async fn limit_public_reads(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if is_public_read(&req)
        && let Some(limiter) = req.app_data::<web::Data<ReadLimiter>>()
        && let Some(limiter) = &limiter.0
    {
        let ip = crate::http::request_client_ip(req.request());
        if let Err(not_until) = limiter.0.check_key(&ip) {
            return Ok(refused(req, not_until));
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
