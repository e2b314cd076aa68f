//! The signed-in session: the access token in memory only, the refresh token in
//! `sessionStorage` (gone when the tab closes), refreshed silently when the access token expires.

use gloo_net::http::Request;
use leptos::prelude::*;
use shared::api::Problem;
use shared::api::auth::{LoginRequest, RefreshRequest, Role, TokenPair};

use crate::api::{send_json, unreachable_problem};

const REFRESH_KEY: &str = "solidarity-map-refresh";

#[derive(Clone, Copy)]
pub struct Session {
    pub access: RwSignal<Option<String>>,
    /// What the account may see: admin-only screens are left out of a moderator's navigation (the
    /// server refuses their calls either way).
    pub role: RwSignal<Option<Role>>,
    /// The server requires this admin to turn on two-factor sign-in before anything else.
    pub totp_setup_required: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn stored_refresh() -> Option<String> {
    storage()?.get_item(REFRESH_KEY).ok().flatten()
}

fn keep(pair: &TokenPair, session: Session) {
    if let Some(s) = storage() {
        let _ = s.set_item(REFRESH_KEY, &pair.refresh_token);
    }
    session.role.set(Some(pair.role));
    session.totp_setup_required.set(pair.totp_setup_required);
    session.access.set(Some(pair.access_token.clone()));
}

pub fn forget(session: Session) {
    if let Some(s) = storage() {
        let _ = s.remove_item(REFRESH_KEY);
    }
    session.access.set(None);
    session.role.set(None);
}

pub async fn sign_in(session: Session, request: LoginRequest) -> Result<(), Problem> {
    let pair: TokenPair = send_json("POST", "/api/v1/auth/login", Some(&request), None).await?;
    keep(&pair, session);
    Ok(())
}

/// A new access token from the stored refresh token; signs out when that fails.
pub async fn refresh(session: Session) -> bool {
    let Some(token) = stored_refresh() else {
        session.access.set(None);
        return false;
    };
    let request = RefreshRequest {
        refresh_token: token,
    };
    match send_json::<_, TokenPair>("POST", "/api/v1/auth/refresh", Some(&request), None).await {
        Ok(pair) => {
            keep(&pair, session);
            true
        }
        Err(_) => {
            forget(session);
            false
        }
    }
}

pub async fn sign_out(session: Session) {
    if let Some(token) = session.access.get_untracked() {
        // 204 on success: there is no answer to read.
        let body = serde_json::json!({});
        let _ = send_json::<_, serde_json::Value>(
            "POST",
            "/api/v1/auth/logout",
            Some(&body),
            Some(&token),
        )
        .await;
    }
    forget(session);
}

/// What an authorised request carries.
pub enum Body {
    Empty,
    Json(serde_json::Value),
    /// A file as it is, e.g. an import in CSV or GeoJSON.
    Raw {
        content_type: &'static str,
        text: String,
    },
}

/// Sends an authorised request; on 401 refreshes once and retries. Gives the successful response
/// (to read its body and headers) or the problem.
pub async fn send(
    session: Session,
    method: &str,
    url: &str,
    body: &Body,
) -> Result<gloo_net::http::Response, Problem> {
    for attempt in 0..2 {
        let token = session.access.get_untracked().unwrap_or_default();
        let builder = match method {
            "GET" => Request::get(url),
            "PUT" => Request::put(url),
            "DELETE" => Request::delete(url),
            _ => Request::post(url),
        }
        .header("Authorization", &format!("Bearer {token}"));
        let request = match body {
            Body::Empty => builder.build(),
            Body::Json(value) => builder
                .header("Content-Type", "application/json")
                .body(value.to_string()),
            Body::Raw { content_type, text } => builder
                .header("Content-Type", content_type)
                .body(text.clone()),
        }
        .map_err(|_| unreachable_problem())?;
        let response = request.send().await.map_err(|_| unreachable_problem())?;
        let status = response.status();
        if status == 401 && attempt == 0 && refresh(session).await {
            continue;
        }
        if response.ok() {
            return Ok(response);
        }
        if status == 401 {
            forget(session);
        }
        let mut problem = response
            .json::<Problem>()
            .await
            .unwrap_or_else(|_| unreachable_problem());
        problem.status = status;
        return Err(problem);
    }
    Err(unreachable_problem())
}

/// An authorised JSON request; a 204 reads as JSON `null`.
pub async fn authorised<T: serde::de::DeserializeOwned, B: serde::Serialize + ?Sized>(
    session: Session,
    method: &str,
    url: &str,
    body: Option<&B>,
) -> Result<T, Problem> {
    // A body that cannot be written is an error, never a request sent without it.
    let body = match body {
        Some(body) => Body::Json(serde_json::to_value(body).map_err(|_| unreachable_problem())?),
        None => Body::Empty,
    };
    let response = send(session, method, url, &body).await?;
    if response.status() == 204 {
        return serde_json::from_str("null").map_err(|_| unreachable_problem());
    }
    response
        .json::<T>()
        .await
        .map_err(|_| unreachable_problem())
}
