//! The admin dashboard (issue #7), a bundle of its own at `/admin`: signing in with silent
//! refresh, and the review queue.

pub mod inbox;
pub mod review_queue;
pub mod session;
pub mod sign_in;
pub mod strings;

use leptos::prelude::*;

use crate::components::language_switcher::LanguageSwitcher;
use crate::i18n::{I18n, Msg};
use crate::router::Route;
use inbox::{Outbox, RelayInbox};
use review_queue::ReviewQueue;
use session::Session;
use sign_in::SignIn;
use strings::{AdminMsg, AdminText};

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
    let router = crate::router::provide_router(|route| matches!(route, Route::Admin(_)));
    let section = Memo::new(move |_| match router.route() {
        Route::Admin(section) => section,
        _ => String::new(),
    });
    // The queue's count, in the navigation of every dashboard page; decisions bump the version.
    let queue_version = RwSignal::new(0u32);
    provide_context(QueueVersion(queue_version));
    let pending = LocalResource::new(move || {
        queue_version.track();
        let signed_in = session.access.get().is_some();
        async move {
            if !signed_in {
                return None;
            }
            session::authorised::<Vec<shared::api::admin::ReviewItem>>(
                session,
                "GET",
                "/api/v1/admin/submissions",
                None,
            )
            .await
            .ok()
            .map(|items| items.len())
        }
    });
    let current = move |name: &'static str| move || (section.get() == name).then_some("page");
    view! {
        <header class="site-header">
            <div class="site-title">
                <p class="site-name"><a href="/">{move || i18n.t(Msg::SiteTitle)}</a></p>
                <p class="tagline">{move || i18n.a(AdminMsg::Dashboard)}</p>
            </div>
            {move || session.access.get().is_some().then(|| view! {
                <button type="button" on:click=sign_out>{move || i18n.a(AdminMsg::SignOut)}</button>
            })}
            <LanguageSwitcher />
        </header>
        {move || session.access.get().is_some().then(|| view! {
            <nav class="site-nav admin-nav" aria-label=move || i18n.a(AdminMsg::AdminNavigation)>
                <ul>
                    <li><a href="/admin" aria-current=current("")>{move || i18n.a(AdminMsg::ReviewQueue)}
                        " (" <span data-testid="nav-pending">{move || pending.get().flatten().map(|n| n.to_string()).unwrap_or_default()}</span> ")"</a></li>
                    <li><a href="/admin/inbox" aria-current=current("inbox")>{move || i18n.a(AdminMsg::RelayInbox)}</a></li>
                    <li><a href="/admin/outbox" aria-current=current("outbox")>{move || i18n.a(AdminMsg::Outbox)}</a></li>
                </ul>
            </nav>
        })}
        <main id="main" class="form-page admin-page" tabindex="-1">
            {move || match (start.get(), session.access.get().is_some()) {
                (Start::Checking, _) => view! { <p role="status">{i18n.t(Msg::Loading)}</p> }.into_any(),
                (Start::Ready, false) => view! { <SignIn /> }.into_any(),
                (Start::Ready, true) => match section.get().as_str() {
                    "inbox" => view! { <RelayInbox /> }.into_any(),
                    "outbox" => view! { <Outbox /> }.into_any(),
                    _ => view! { <ReviewQueue /> }.into_any(),
                },
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

/// Bumped after every decision, so the navigation's count follows the queue.
#[derive(Clone, Copy)]
pub struct QueueVersion(pub RwSignal<u32>);
