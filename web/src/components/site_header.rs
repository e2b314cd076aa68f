use leptos::prelude::*;

use super::language_switcher::LanguageSwitcher;
use crate::i18n::{I18n, Msg};

/// Title, tagline and the language switcher, on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <header class="site-header">
            <div class="site-title">
                <p class="site-name"><a href="/">{move || i18n.t(Msg::SiteTitle)}</a></p>
                <p class="tagline">{move || i18n.t(Msg::Tagline)}</p>
            </div>
            <nav class="site-nav" aria-label=move || i18n.t(Msg::Navigation)>
                <ul>
                    <li><a href="/">{move || i18n.t(Msg::NavMap)}</a></li>
                    <li><a href="/events">{move || i18n.t(Msg::NavEvents)}</a></li>
                    <li><a href="/join">{move || i18n.t(Msg::NavJoin)}</a></li>
                    <li><a href="/resources">{move || i18n.t(Msg::NavResources)}</a></li>
                    <li><a href="/about">{move || i18n.t(Msg::NavAbout)}</a></li>
                </ul>
            </nav>
            <LanguageSwitcher />
        </header>
    }
}
