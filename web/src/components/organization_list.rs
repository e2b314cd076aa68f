use leptos::prelude::*;
use shared::api::OrganizationPage;

use crate::api::{ApiError, LIST_LIMIT};
use crate::i18n::{I18n, Msg, with_count};

/// The accessible alternative to the map: the organisations inside the map's viewport, as links.
#[component]
pub fn OrganizationList(
    listed: LocalResource<Result<Option<OrganizationPage>, ApiError>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section id="organization-list" class="organization-list" aria-labelledby="list-title" tabindex="-1">
            <h2 id="list-title">{move || i18n.t(Msg::ListHeading)}</h2>
            {move || match listed.get() {
                None | Some(Ok(None)) => view! { <p role="status">{i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(_)) => view! { <p role="alert">{i18n.t(Msg::LoadFailed)}</p> }.into_any(),
                Some(Ok(Some(page))) => {
                    let count = page.items.len();
                    let status = if count == 0 {
                        i18n.t(Msg::ShowingNone).to_owned()
                    } else if page.next_cursor.is_some() {
                        with_count(i18n.t(Msg::ZoomInForList), LIST_LIMIT)
                    } else {
                        with_count(i18n.t(Msg::ShowingCount), count)
                    };
                    view! {
                        <p role="status" class="list-status" data-testid="list-status">{status}</p>
                        <ul class="organization-items">
                            {page
                                .items
                                .into_iter()
                                .map(|org| {
                                    let href = format!("/org/{}", org.slug);
                                    view! {
                                        <li>
                                            <a href=href>{org.name.clone()}</a>
                                            <span class="place">{format!("{}, {}", org.city, org.country)}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
