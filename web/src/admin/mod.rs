//! The admin dashboard (issue #7), a bundle of its own at `/admin`: signing in with silent
//! refresh, and the review queue.

pub mod review_queue;
pub mod session;
pub mod sign_in;
pub mod strings;

use leptos::prelude::*;

use crate::components::language_switcher::LanguageSwitcher;
use crate::i18n::{I18n, Msg};
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
        <main id="main" class="form-page admin-page" tabindex="-1">
            {move || match (start.get(), session.access.get().is_some()) {
                (Start::Checking, _) => view! { <p role="status">{i18n.t(Msg::Loading)}</p> }.into_any(),
                (Start::Ready, false) => view! { <SignIn /> }.into_any(),
                (Start::Ready, true) => view! { <ReviewQueue /> }.into_any(),
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
