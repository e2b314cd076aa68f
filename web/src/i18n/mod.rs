//! The reader's language in the browser. The strings themselves live in `locales/` and reach
//! the app as `shared::i18n` tables; this module picks the language, applies it to the document
//! and gives components `t` (a message) and `count` (a counted message).

use leptos::prelude::*;

pub use shared::i18n::{Count, Counted, Lang, Message, Msg, PagesCount, PagesMsg, fill};

/// The reader's language, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// A message of any namespace (`Msg`, `PagesMsg`, ...) in the reader's language.
    pub fn t(&self, msg: impl Message) -> &'static str {
        self.lang.get().text(msg)
    }

    /// A counted message for `n`, in the plural form the reader's language needs.
    pub fn count(&self, message: impl Counted, n: usize) -> String {
        self.lang.get().count(message, n as u64, &[])
    }

    /// A message with its `{{placeholders}}` filled.
    pub fn format(&self, msg: impl Message, args: &[(&str, &str)]) -> String {
        self.lang.get().format(msg, args)
    }
}

const STORAGE_KEY: &str = "solidarity-map-lang";

/// The language from the last visit, else the browser's first supported language, else English.
pub fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code));
    stored
        .or_else(|| {
            window
                .as_ref()
                .and_then(|w| w.navigator().language())
                .and_then(|code| Lang::from_code(&code))
        })
        .unwrap_or(Lang::En)
}

/// Remembers the choice and applies `lang` and `dir` to the document.
pub fn apply(lang: Lang) {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", lang.code());
            let _ = root.set_attribute("dir", lang.dir());
        }
        if let Some(document) = window.document() {
            document.set_title(lang.text(Msg::SiteTitle));
        }
    }
}

/// "City, Country" in the reader's language: the city's name in it when GeoNames has one, the
/// country's from CLDR, each isolated so that a Latin name keeps its order inside Arabic text.
pub fn place(org: &shared::api::Organization, lang: Lang) -> impl IntoView + use<> {
    let (city, city_lang) = org.display_city(lang);
    place_of(city, city_lang, &org.country, lang)
}

/// "City, Country" for a city named in `city_lang` (unknown: `None`) and a country code.
pub fn place_of(
    city: &str,
    city_lang: Option<Lang>,
    country_code: &str,
    lang: Lang,
) -> impl IntoView + use<> {
    let country = crate::leaflet_ext::country_name(country_code, lang.code())
        .unwrap_or_else(|| country_code.to_owned());
    let pattern = lang.text(Msg::Place);
    let (before, after) = pattern.split_once("{{city}}").unwrap_or((pattern, ""));
    let (middle, end) = after.split_once("{{country}}").unwrap_or((after, ""));
    view! {
        {before}
        <bdi lang=city_lang.map(Lang::code) dir="auto">{city.to_owned()}</bdi>
        {middle}
        <bdi>{country}</bdi>
        {end}
    }
}

/// Resource kinds (`shared::api::admin::RESOURCE_KINDS`) and their names.
pub const RESOURCE_KINDS: [(&str, PagesMsg); 8] = [
    ("report", PagesMsg::KindReport),
    ("toolkit", PagesMsg::KindToolkit),
    ("video", PagesMsg::KindVideo),
    ("campaign", PagesMsg::KindCampaign),
    ("article", PagesMsg::KindArticle),
    ("podcast", PagesMsg::KindPodcast),
    ("dataset", PagesMsg::KindDataset),
    ("other", PagesMsg::KindOther),
];

/// A resource kind's name.
pub fn kind_name(kind: &str) -> PagesMsg {
    RESOURCE_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(PagesMsg::KindOther, |(_, m)| *m)
}

/// The message for a broken rule (the `rule` of a field error from `shared` or the server).
pub fn rule_message(rule: &str) -> PagesMsg {
    match rule {
        "required" => PagesMsg::RuleRequired,
        "too_short" => PagesMsg::RuleTooShort,
        "too_long" | "too_many_values" => PagesMsg::RuleTooLong,
        "markup_not_allowed" => PagesMsg::RuleMarkup,
        "control_characters" => PagesMsg::RuleControl,
        "invalid_email" => PagesMsg::RuleEmail,
        "invalid_url" => PagesMsg::RuleUrl,
        "out_of_range" | "not_a_number" => PagesMsg::RuleRange,
        "invalid_choice" | "invalid_key" | "unknown_category" | "unknown_focus_area"
        | "unknown_country" | "invalid_language" => PagesMsg::RuleChoice,
        "consent_required" => PagesMsg::RuleConsent,
        "too_fast" => PagesMsg::RuleTooFast,
        "invalid_form_token" | "form_expired" | "form_token_used" => PagesMsg::RuleFormToken,
        _ => PagesMsg::RuleOther,
    }
}
