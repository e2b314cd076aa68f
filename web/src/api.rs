//! Every HTTP call the app makes, in one place. All go to our own origin.

use gloo_net::http::Request;
use shared::api::{Category, Organization, OrganizationPage, Problem};

/// The most organisations the overview map loads before the clustering endpoint exists.
const MAX_PAGES: usize = 10;

async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    let response = Request::get(url).send().await.map_err(|e| e.to_string())?;
    if response.ok() {
        response.json::<T>().await.map_err(|e| e.to_string())
    } else {
        match response.json::<Problem>().await {
            Ok(problem) => Err(problem.detail),
            Err(_) => Err(format!("{} {}", response.status(), response.status_text())),
        }
    }
}

/// Published organisations, page after page (500 a page).
pub async fn published_organizations() -> Result<Vec<Organization>, String> {
    let mut all = Vec::new();
    let mut url = "/api/v1/organizations?limit=500".to_owned();
    for _ in 0..MAX_PAGES {
        let page: OrganizationPage = get_json(&url).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(cursor) => url = format!("/api/v1/organizations?limit=500&cursor={cursor}"),
            None => break,
        }
    }
    Ok(all)
}

pub async fn categories() -> Result<Vec<Category>, String> {
    get_json("/api/v1/categories").await
}
