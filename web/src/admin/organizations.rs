use leptos::prelude::*;
use shared::api::admin::AdminOrganizationQuery;

use super::strings::{AdminCount, AdminMsg, AdminText, status_name};
use super::{i18n, load_failed, loading, use_session};
use crate::api;
use crate::leaflet_ext::{countries_by_name, country_name};

const PAGE_SIZE: usize = 50;

/// What the table shows: one page of the organisations matching the filters.
#[derive(Clone, PartialEq)]
struct Filters {
    q: String,
    status: String,
    category: String,
    country: String,
    stale: bool,
    sort: String,
    page: usize,
}

impl Filters {
    /// The API's query for this page (empty choices left out).
    fn query(&self) -> AdminOrganizationQuery {
        let given = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        AdminOrganizationQuery {
            status: given(&self.status),
            q: given(&self.q),
            category: given(&self.category),
            country: given(&self.country),
            stale: self.stale.then(|| "true".to_owned()),
            sort: Some(self.sort.clone()),
            limit: Some(PAGE_SIZE as i64),
            offset: Some((self.page * PAGE_SIZE) as i64),
        }
    }
}

/// Every organisation in any status: search, filters, sorting by column, and pages of 50.
#[component]
pub fn OrganizationsTable() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let q = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let stale = RwSignal::new(false);
    let sort = RwSignal::new("updated".to_owned());
    let page = RwSignal::new(0usize);
    // Typing does not fetch: the search applies on submit, filters at once.
    let applied_q = RwSignal::new(String::new());
    let filters = Memo::new(move |_| Filters {
        q: applied_q.get(),
        status: status.get(),
        category: category.get(),
        country: country.get(),
        stale: stale.get(),
        sort: sort.get(),
        page: page.get(),
    });
    let rows = LocalResource::new(move || {
        let query = filters.get().query();
        async move { api::admin_organizations(session, &query).await }
    });
    let categories = LocalResource::new(api::categories);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(0);
        applied_q.set(q.get_untracked());
    };
    let choose = move |signal: RwSignal<String>| {
        move |ev: leptos::ev::Event| {
            page.set(0);
            signal.set(event_target_value(&ev));
        }
    };
    // A column header sorts by its field; a second press reverses the order.
    let sort_by = move |field: &'static str| {
        move |_| {
            let current = sort.get_untracked();
            let next = if current == field {
                format!("-{field}")
            } else {
                field.to_owned()
            };
            page.set(0);
            sort.set(next);
        }
    };
    let aria_sort = move |field: &'static str| {
        move || {
            let current = sort.get();
            if current == field {
                if field == "updated" {
                    "descending"
                } else {
                    "ascending"
                }
            } else if current.strip_prefix('-') == Some(field) {
                if field == "updated" {
                    "ascending"
                } else {
                    "descending"
                }
            } else {
                "none"
            }
        }
    };
    let lang = move || i18n.lang.get().code();

    view! {
        <h1>{move || i18n.a(AdminMsg::Organizations)}</h1>
        <p><a href="/admin/organizations/new">{move || i18n.a(AdminMsg::NewOrganization)}</a></p>
        <form class="admin-filters" role="search" on:submit=search>
            <div class="field">
                <label for="org-search">{move || i18n.a(AdminMsg::SearchNameOrCity)}</label>
                <input id="org-search" type="search" maxlength="100" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
            </div>
            <button type="submit">{move || i18n.a(AdminMsg::Search)}</button>
            <div class="field">
                <label for="filter-status">{move || i18n.a(AdminMsg::Status)}</label>
                <select id="filter-status" on:change=choose(status)>
                    <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                    {["pending", "published", "hidden", "archived", "rejected"].into_iter().map(|s| view! {
                        <option value=s>{move || i18n.a(status_name(s))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-category">{move || i18n.a(AdminMsg::Category)}</label>
                <select id="filter-category" on:change=choose(category)>
                    <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                    {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                        let name = c.names.get(lang()).to_owned();
                        view! { <option value=c.key>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-country">{move || i18n.a(AdminMsg::Country)}</label>
                <select id="filter-country" on:change=choose(country)>
                    <option value="">{move || i18n.a(AdminMsg::Any)}</option>
                    {move || {
                        countries_by_name(lang()).into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()
                    }}
                </select>
            </div>
            <div class="field checkbox">
                <input id="filter-stale" type="checkbox" prop:checked=move || stale.get()
                    on:change=move |ev| { page.set(0); stale.set(event_target_checked(&ev)); } />
                <label for="filter-stale">{move || i18n.a(AdminMsg::StaleOnly)}</label>
            </div>
        </form>
        <Transition fallback=loading><ErrorBoundary fallback=load_failed>
        {move || Suspend::new(async move { rows.await.map(|(list, total)| {
                let first = page.get_untracked() * PAGE_SIZE;
                let shown = if list.is_empty() { String::new() } else {
                    i18n.a_format(AdminMsg::ShowingRange, &[("range", &format!("{}–{}", first + 1, first + list.len()))])
                };
                let has_next = first + list.len() < total;
                view! {
                    <p role="status" data-testid="org-total">{i18n.a_count(AdminCount::MatchingCount, total)}" "{shown}</p>
                    <div class="table-scroll">
                        <table class="admin-table" data-testid="org-table">
                            <caption class="visually-hidden">{i18n.a(AdminMsg::Organizations)}</caption>
                            <thead><tr>
                                <th scope="col" aria-sort=aria_sort("name")><button type="button" class="sort" on:click=sort_by("name")>{i18n.a(AdminMsg::Name)}</button></th>
                                <th scope="col">{i18n.a(AdminMsg::Category)}</th>
                                <th scope="col" aria-sort=aria_sort("country")><button type="button" class="sort" on:click=sort_by("country")>{i18n.a(AdminMsg::Country)}</button></th>
                                <th scope="col" aria-sort=aria_sort("status")><button type="button" class="sort" on:click=sort_by("status")>{i18n.a(AdminMsg::Status)}</button></th>
                                <th scope="col" aria-sort=aria_sort("updated")><button type="button" class="sort" on:click=sort_by("updated")>{i18n.a(AdminMsg::Updated)}</button></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|row| {
                                    let org = row.organization;
                                    let country = country_name(&org.country, lang()).unwrap_or_else(|| org.country.clone());
                                    let category = categories
                                        .get()
                                        .and_then(Result::ok)
                                        .and_then(|all| all.into_iter().find(|c| c.key == org.category))
                                        .map_or_else(|| org.category.clone(), |c| c.names.get(lang()).to_owned());
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/admin/organizations/{}", org.id)><bdi dir="auto">{org.name.clone()}</bdi></a></th>
                                            <td>{category}</td>
                                            <td><bdi dir="auto">{org.city.clone()}</bdi>", "{country}</td>
                                            <td>{i18n.a(status_name(row.status.as_str()))}</td>
                                            <td>{org.updated_at.to_rfc3339().chars().take(10).collect::<String>()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <nav class="pager" aria-label=i18n.a(AdminMsg::Pages)>
                        <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{i18n.a(AdminMsg::PreviousPage)}</button>
                        <button type="button" disabled=!has_next on:click=move |_| page.update(|p| *p += 1)>{i18n.a(AdminMsg::NextPage)}</button>
                    </nav>
                }
            }) })}
        </ErrorBoundary></Transition>
    }
}
