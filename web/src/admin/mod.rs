//! The admin dashboard (issue #7), a bundle of its own at `/admin`: signing in with silent
//! refresh, the review queue, events, organisations, resources, partnerships, the relay inbox, link
//! checks and freshness for moderators; categories, the outbox, accounts, crisis mode, import and
//! export for admins.

pub mod account;
pub mod bulk;
pub mod crisis;
pub mod events;
pub mod freshness;
pub mod inbox;
pub mod invitation;
pub mod link_checks;
pub mod organization_edit;
pub mod organizations;
pub mod partnerships;
pub mod reports;
pub mod resources;
pub mod review_queue;
pub mod session;
pub mod sign_in;
pub mod strings;
pub mod taxonomy;
pub mod transfer;
pub mod users;

use leptos::prelude::*;

use crate::components::language_switcher::LanguageSwitcher;
use crate::i18n::{I18n, Msg};
use crate::router::Route;
use account::Account;
use bulk::BulkModeration;
use crisis::Crisis;
use events::{EventForm, Events};
use freshness::Freshness;
use inbox::{Outbox, RelayInbox};
use invitation::AcceptInvitation;
use link_checks::LinkChecks;
use organization_edit::OrganizationEdit;
use organizations::OrganizationsTable;
use partnerships::Partnerships;
use reports::Reports;
use resources::Resources;
use review_queue::ReviewQueue;
use session::Session;
use shared::api::Problem;
use shared::api::admin::ReviewItem;
use shared::api::auth::Role;
use sign_in::SignIn;
use strings::{AdminMsg, AdminText};
use taxonomy::Taxonomy;
use transfer::Transfer;
use users::Users;

/// Whether the stored session is still being checked at start.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    Checking,
    Ready,
}

#[component]
pub fn AdminApp() -> impl IntoView {
    let i18n = crate::app::provide_language();
    let session = Session {
        access: RwSignal::new(None),
        role: RwSignal::new(None),
        totp_setup_required: RwSignal::new(false),
    };
    provide_context(session);
    let start = RwSignal::new(Start::Checking);
    leptos::task::spawn_local(async move {
        session::refresh(session).await;
        start.set(Start::Ready);
    });
    let sign_out = move |_| {
        leptos::task::spawn_local(async move { session::sign_out(session).await });
    };
    // A refreshed token must not redraw the page (and lose what is being typed): only signing in
    // or out does.
    let signed_in = Memo::new(move |_| session.access.get().is_some());
    let router = crate::router::provide_router(|route| matches!(route, Route::Admin(_)));
    let section = Memo::new(move |_| match router.route() {
        Route::Admin(section) => section,
        _ => String::new(),
    });
    // The review queue, fetched once for the whole dashboard: its count is in the navigation of
    // every page, its items on the queue page; decisions bump the version to fetch it again.
    let queue_version = RwSignal::new(0u32);
    let queue_page = RwSignal::new(0usize);
    let queue_items = LocalResource::new(move || {
        queue_version.track();
        let signed_in = signed_in.get();
        let page = queue_page.get();
        async move {
            if !signed_in {
                return None;
            }
            let query = shared::api::admin::ReviewQueueQuery {
                limit: Some(REVIEW_PAGE_SIZE as i64),
                offset: Some((page * REVIEW_PAGE_SIZE) as i64),
            };
            Some(crate::api::review_queue(session, &query).await)
        }
    });
    provide_context(SharedQueue {
        version: queue_version,
        page: queue_page,
        items: queue_items,
    });
    let pending = move || {
        queue_items
            .get()
            .flatten()
            .and_then(Result::ok)
            .map(|(_, total)| total.to_string())
            .unwrap_or_default()
    };
    let current = move |name: &'static str| {
        move || (section.get().split('/').next() == Some(name)).then_some("page")
    };
    // An admin who must turn on two-factor sign-in is sent to that screen, and stays there (with
    // the recovery codes in view) once it is on.
    Effect::new(move |_| {
        if session.totp_setup_required.get() && section.get() != "account" {
            router.navigate("/admin/account", true);
        }
    });
    let admin_role = Memo::new(move |_| session.role.get() == Some(Role::Admin));
    let is_admin = move || admin_role.get();
    view! {
        <header class="site-header">
            <div class="site-title">
                <p class="site-name"><a href="/">{move || i18n.t(Msg::SiteTitle)}</a></p>
                <p class="tagline">{move || i18n.a(AdminMsg::Dashboard)}</p>
            </div>
            {move || signed_in.get().then(|| view! {
                <button type="button" on:click=sign_out>{move || i18n.a(AdminMsg::SignOut)}</button>
            })}
            <LanguageSwitcher />
        </header>
        {move || signed_in.get().then(|| view! {
            <nav class="site-nav admin-nav" aria-label=move || i18n.a(AdminMsg::AdminNavigation)>
                <ul>
                    <li><a href="/admin" aria-current=current("")>{move || i18n.a(AdminMsg::ReviewQueue)}
                        " (" <span data-testid="nav-pending">{pending}</span> ")"</a></li>
                    <li><a href="/admin/events" aria-current=current("events")>{move || i18n.a(AdminMsg::Events)}</a></li>
                    <li><a href="/admin/bulk" aria-current=current("bulk")>{move || i18n.a(AdminMsg::BulkModeration)}</a></li>
                    <li><a href="/admin/organizations" aria-current=current("organizations")>{move || i18n.a(AdminMsg::Organizations)}</a></li>
                    <li><a href="/admin/resources" aria-current=current("resources")>{move || i18n.a(AdminMsg::Resources)}</a></li>
                    <li><a href="/admin/partnerships" aria-current=current("partnerships")>{move || i18n.a(AdminMsg::Partnerships)}</a></li>
                    <li><a href="/admin/inbox" aria-current=current("inbox")>{move || i18n.a(AdminMsg::RelayInbox)}</a></li>
                    <li><a href="/admin/reports" aria-current=current("reports")>{move || i18n.a(AdminMsg::Reports)}</a></li>
                    <li><a href="/admin/links" aria-current=current("links")>{move || i18n.a(AdminMsg::LinkChecks)}</a></li>
                    <li><a href="/admin/freshness" aria-current=current("freshness")>{move || i18n.a(AdminMsg::Freshness)}</a></li>
                    <li><a href="/admin/account" aria-current=current("account")>{move || i18n.a(AdminMsg::MyAccount)}</a></li>
                    {move || is_admin().then(|| view! {
                        <li><a href="/admin/taxonomy" aria-current=current("taxonomy")>{move || i18n.a(AdminMsg::Taxonomy)}</a></li>
                        <li><a href="/admin/users" aria-current=current("users")>{move || i18n.a(AdminMsg::Users)}</a></li>
                        <li><a href="/admin/crisis" aria-current=current("crisis")>{move || i18n.a(AdminMsg::CrisisMode)}</a></li>
                        <li><a href="/admin/transfer" aria-current=current("transfer")>{move || i18n.a(AdminMsg::ImportExport)}</a></li>
                        <li><a href="/admin/outbox" aria-current=current("outbox")>{move || i18n.a(AdminMsg::Outbox)}</a></li>
                    })}
                </ul>
            </nav>
        })}
        <main id="main" class="form-page admin-page" tabindex="-1">
            {move || match (start.get(), signed_in.get()) {
                (Start::Checking, _) => view! { <p role="status">{i18n.t(Msg::Loading)}</p> }.into_any(),
                (Start::Ready, false) if section.get() == "invite" => view! { <AcceptInvitation /> }.into_any(),
                (Start::Ready, false) => view! { <SignIn /> }.into_any(),
                (Start::Ready, true) => {
                    let section = section.get();
                    let admins_only = matches!(section.as_str(), "taxonomy" | "users" | "crisis" | "transfer" | "outbox");
                    if admins_only && !is_admin() {
                        // The server refuses a moderator's calls anyway; this says so before asking.
                        return view! { <p role="alert" data-testid="admins-only">{i18n.a(AdminMsg::AdminsOnly)}</p> }.into_any();
                    }
                    match section.split_once('/') {
                        Some(("organizations", id)) => view! { <OrganizationEdit id=id.to_owned() /> }.into_any(),
                        // `events/new`, or `events/new/{organisation}` from the organisation's page.
                        Some(("events", rest)) => {
                            let organizer = rest.strip_prefix("new").unwrap_or_default().trim_start_matches('/').to_owned();
                            view! { <EventForm organizer /> }.into_any()
                        }
                        _ => match section.as_str() {
                            "organizations" => view! { <OrganizationsTable /> }.into_any(),
                            "events" => view! { <Events /> }.into_any(),
                            "resources" => view! { <Resources /> }.into_any(),
                            "partnerships" => view! { <Partnerships /> }.into_any(),
                            "inbox" => view! { <RelayInbox /> }.into_any(),
                            "links" => view! { <LinkChecks /> }.into_any(),
                            "bulk" => view! { <BulkModeration /> }.into_any(),
                            "reports" => view! { <Reports /> }.into_any(),
                            "freshness" => view! { <Freshness /> }.into_any(),
                            "taxonomy" => view! { <Taxonomy /> }.into_any(),
                            "users" => view! { <Users /> }.into_any(),
                            "crisis" => view! { <Crisis /> }.into_any(),
                            "transfer" => view! { <Transfer /> }.into_any(),
                            "outbox" => view! { <Outbox /> }.into_any(),
                            "account" => view! { <Account /> }.into_any(),
                            _ => view! { <ReviewQueue /> }.into_any(),
                        },
                    }
                }
            }}
        </main>
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

pub fn i18n() -> I18n {
    expect_context::<I18n>()
}

/// How many submissions the review queue shows at a time.
pub const REVIEW_PAGE_SIZE: usize = 50;

/// One page of the review queue, and how many submissions wait in all.
pub type QueuePage = (Vec<ReviewItem>, usize);

/// The review queue shared by the navigation's count and the queue page.
#[derive(Clone, Copy)]
pub struct SharedQueue {
    /// Bumped after every decision.
    pub version: RwSignal<u32>,
    /// The page shown, from 0 ([`REVIEW_PAGE_SIZE`] a page).
    pub page: RwSignal<usize>,
    /// One page, and how many wait in all; `None` until signed in.
    pub items: LocalResource<Option<Result<QueuePage, Problem>>>,
}

/// What a screen shows while its data is on its way (the fallback of its `<Transition>`).
pub fn loading() -> impl IntoView {
    let i18n = i18n();
    view! { <p role="status">{move || i18n.t(Msg::Loading)}</p> }
}

/// Why a screen's data could not be shown (the fallback of its `<ErrorBoundary>`): for admins
/// only, not found, or failed.
pub fn load_failed(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let i18n = i18n();
    let message = move || {
        let status = errors.with(|errors| {
            errors
                .iter()
                .find_map(|(_, error)| error.downcast_ref::<Problem>().map(|p| p.status))
        });
        i18n.a(match status {
            Some(403) => AdminMsg::AdminsOnly,
            Some(404) => AdminMsg::NotFound,
            _ => AdminMsg::Failed,
        })
    };
    view! { <p role="alert">{message}</p> }
}
