use leptos::prelude::*;

use crate::i18n::{I18n, Msg, PagesMsg};

/// `/about`: the mission, privacy, the embed snippet, the feed and the API.
#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let snippet = format!(
        "<iframe src=\"{origin}/embed?category=student_group&country=GB\" title=\"International Solidarity Map\" width=\"600\" height=\"400\" style=\"border:0\" loading=\"lazy\"></iframe>"
    );
    let feed = format!("{origin}{}", crate::api::FEED_PATH);
    view! {
        <main id="main" class="form-page about-page" tabindex="-1">
            <h1>{move || i18n.t(PagesMsg::AboutTitle)}</h1>
            <p>{move || i18n.t(PagesMsg::AboutMission)}</p>
            <p>{move || i18n.t(PagesMsg::AboutPrivacy)}</p>
            <p><a href="/join">{move || i18n.t(Msg::NavJoin)}</a></p>
            <section aria-labelledby="embed-title">
                <h2 id="embed-title">{move || i18n.t(PagesMsg::EmbedTitle)}</h2>
                <p id="embed-help">{move || i18n.t(PagesMsg::EmbedHelp)}</p>
                <label for="embed-code">{move || i18n.t(PagesMsg::EmbedCode)}</label>
                <textarea id="embed-code" readonly rows="3" dir="ltr" aria-describedby="embed-help" data-testid="embed-code" prop:value=snippet></textarea>
            </section>
            <section aria-labelledby="feed-title">
                <h2 id="feed-title">{move || i18n.t(PagesMsg::FeedTitle)}</h2>
                <p>{move || i18n.t(PagesMsg::FeedHelp)}" "<a href=feed.clone() dir="ltr" translate="no">{feed.clone()}</a></p>
            </section>
            <section aria-labelledby="api-title">
                <h2 id="api-title">{move || i18n.t(PagesMsg::ApiTitle)}</h2>
                <p>{move || i18n.t(PagesMsg::ApiHelp)}" "<a href="/api/docs/" dir="ltr" translate="no">"/api/docs/"</a></p>
            </section>
            <p class="credits">{move || i18n.t(PagesMsg::MapCredits)}</p>
        </main>
    }
}
