use leptos::prelude::*;
use shared::api::OrganizationPage;
use wasm_bindgen::JsCast;

use super::confirmed::{Confirmed, now};
use super::skip_link::jump_to;
use crate::api::ApiError;
use crate::i18n::{Count, I18n, Lang, Msg, place};
use shared::api::Freshness;

/// The accessible alternative to the map: the organisations inside the map's viewport, as links,
/// a page at a time. `total` counts the whole view (the map's figure); `first_page` is the link
/// back to the first page when this is a later one; `page_after` makes the link to the page
/// after a cursor. The pages are URLs, as on the server's page: Back returns to the last one.
#[component]
pub fn OrganizationList(
    listed: LocalResource<Result<Option<OrganizationPage>, ApiError>>,
    total: Signal<Option<u64>>,
    first_page: Signal<Option<String>>,
    page_after: Callback<String, String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // The router shows the next page; the focus moves to the list's start, where reading goes on.
    let focus_list = move |ev: leptos::ev::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a").ok().flatten())
            .is_some();
        if !on_link {
            return;
        }
        jump_to("organization-list");
    };
    view! {
        <section id="organization-list" class="organization-list" aria-labelledby="list-title" tabindex="-1">
            <h2 id="list-title">{move || i18n.t(Msg::ListHeading)}</h2>
            {move || match listed.get() {
                None | Some(Ok(None)) => view! { <p role="status">{i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(_)) => view! { <p role="alert">{i18n.t(Msg::LoadFailed)}</p> }.into_any(),
                Some(Ok(Some(page))) => {
                    let total = total.get().unwrap_or(page.items.len() as u64);
                    let status = if total == 0 {
                        i18n.t(Msg::ShowingNone).to_owned()
                    } else {
                        i18n.count(Count::ShowingCount, total as usize)
                    };
                    let first = first_page.get().map(|url| format!("{url}#organization-list"));
                    let next = page
                        .next_cursor
                        .map(|cursor| format!("{}#organization-list", page_after.run(cursor)));
                    let paged = first.is_some() || next.is_some();
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
                                    let stale = Freshness::of(org.last_confirmed_at, now()).is_stale();
                                    view! {
                                        <li class=stale.then_some("stale")>
                                            <a href=href>
                                                <bdi lang=name_lang.map(Lang::code) dir="auto">{name.to_owned()}</bdi>
                                            </a>
                                            <span class="place">{place(&org, lang)}</span>
                                            <Confirmed at=org.last_confirmed_at />
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {paged.then(|| view! {
                            <nav class="pages" aria-label=i18n.t(Msg::ListPages) on:click=focus_list>
                                <ul>
                                    {first.map(|href| view! { <li><a href=href>{i18n.t(Msg::FirstPage)}</a></li> })}
                                    {next.map(|href| view! { <li><a rel="next" href=href>{i18n.t(Msg::NextPage)}</a></li> })}
                                </ul>
                            </nav>
                        })}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
