use leptos::prelude::*;
use shared::api::OrganizationPage;

use crate::api::{ApiError, LIST_LIMIT};
use crate::i18n::{Count, I18n, Lang, Msg, place};

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
                        i18n.count(Count::ZoomInForList, LIST_LIMIT as usize)
                    } else {
                        i18n.count(Count::ShowingCount, count)
                    };
                    view! {
                        <p role="status" class="list-status" data-testid="list-status">{status}</p>
                        <ul class="organization-items">
                            {page
                                .items
                                .into_iter()
                                .map(|org| {
                                    let href = format!("/org/{}", org.slug);
                                    let lang = i18n.lang.get();
                                    let (name, name_lang) = org.display_name(lang);
                                    view! {
                                        <li>
                                            <a href=href>
                                                <bdi lang=name_lang.map(Lang::code) dir="auto">{name.to_owned()}</bdi>
                                            </a>
                                            <span class="place">{place(&org, lang)}</span>
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
