use leptos::prelude::*;

use crate::i18n::{I18n, Lang, Msg};

/// Four buttons, each labelled in its own language; the current one is pressed.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <nav class="language-switcher" aria-label=move || i18n.t(Msg::Language)>
            <ul>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    lang=lang.code()
                                    aria-pressed=move || (i18n.lang.get() == lang).to_string()
                                    on:click=move |_| i18n.lang.set(lang)
                                >
                                    {lang.native_name()}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
