//! The signed-in session: the access token in memory only, the refresh token in
//! `sessionStorage` (gone when the tab closes), refreshed silently when the access token expires.

use gloo_net::http::Response;
use leptos::prelude::*;
use shared::api::Problem;
use shared::api::auth::{LoginRequest, RefreshRequest, Role, TokenPair};

use crate::api::{self, Authorised, Body, Method, unreachable_problem};

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
    let pair = api::login(&request).await?;
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
    match api::refresh(&request).await {
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
        // Signed out here whatever the server answers.
        let _ = api::logout(&token).await;
    }
    forget(session);
}

/// Every dashboard request goes through here: with the access token; on 401 the session
/// refreshes once and sends the request again, and signs out when that fails too.
impl Authorised for Session {
    async fn send(self, method: Method, url: &str, body: &Body) -> Result<Response, Problem> {
        for attempt in 0..2 {
            let token = self.access.get_untracked().unwrap_or_default();
            let response = api::request(method, url, body, Some(&token))?
                .send()
                .await
                .map_err(|_| unreachable_problem())?;
            let status = response.status();
            if status == 401 && attempt == 0 && refresh(self).await {
                continue;
            }
            if response.ok() {
                return Ok(response);
            }
            if status == 401 {
                forget(self);
            }
            return Err(api::problem_of(response).await);
        }
        Err(unreachable_problem())
    }
}
