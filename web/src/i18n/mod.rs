//! Translations. Every interface string is a [`Msg`]; each language is one exhaustive `match`,
//! so a string added to `Msg` does not compile until it has all four translations. Category and
//! focus area names come from the API (`names.en/ar/fr/es`).

mod ar;
mod en;
mod es;
mod fr;

use leptos::prelude::*;

/// The interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ar,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ar, Lang::Fr, Lang::Es];

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ar => "ar",
            Self::Fr => "fr",
            Self::Es => "es",
        }
    }

    /// The language's own name, shown in the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Ar => "العربية",
            Self::Fr => "Français",
            Self::Es => "Español",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Self::En => en::text(msg),
            Self::Ar => ar::text(msg),
            Self::Fr => fr::text(msg),
            Self::Es => es::text(msg),
        }
    }
}

/// Every string of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    SiteTitle,
    Tagline,
    SkipToList,
    SkipToContent,
    Language,
    MapLabel,
    ListHeading,
    Loading,
    LoadFailed,
    Categories,
    Search,
    SearchPlaceholder,
    Country,
    AllCountries,
    FocusArea,
    AllFocusAreas,
    ClearFilters,
    ShowingCount,
    ShowingNone,
    ZoomInForList,
    ClusterTitle,
    JerusalemSpotlight,
    JerusalemText,
    ShowJerusalem,
    JerusalemLabel,
    BackToMap,
    NotFound,
    PageNotFound,
    Website,
    Links,
    Languages,
    FocusAreas,
    Partnerships,
    TwinnedWith,
    LastConfirmed,
    Location,
    ApproximateLocation,
    ExactLocation,
    NavMap,
    NavJoin,
    Navigation,
    JoinTitle,
    JoinIntro,
    RequiredHint,
    GroupName,
    GroupNameAr,
    CategoryLabel,
    ChooseOne,
    DescriptionLabel,
    CityLabel,
    CountryLabel,
    LocationLegend,
    LocationHelp,
    FindCity,
    CitySuggestions,
    PointChosen,
    NoPointYet,
    PrecisionLegend,
    PrecisionApproximate,
    PrecisionExact,
    WebsiteLabel,
    ContactEmailLabel,
    ContactEmailHelp,
    ConsentLabel,
    HoneypotLabel,
    SendForReview,
    Sending,
    FixErrors,
    DuplicatesFound,
    PendingDuplicate,
    SendAnyway,
    JoinDone,
    OwnerLinkExplain,
    OwnerLinkLabel,
    CopyLink,
    Copied,
    RuleRequired,
    RuleTooShort,
    RuleTooLong,
    RuleMarkup,
    RuleControl,
    RuleEmail,
    RuleUrl,
    RuleRange,
    RuleChoice,
    RuleConsent,
    RuleTooFast,
    RuleFormToken,
    RuleOther,
    SendFailed,
    TooManyRequests,
    OwnerTitle,
    OwnerNoLink,
    StatusLabel,
    StatusPending,
    StatusPublished,
    StatusHidden,
    StatusOther,
    HiddenUntil,
    ConfirmBy,
    ConfirmActive,
    HideEntry,
    HideUntilLabel,
    ShowEntry,
    RequestDeletion,
    DeletionConfirm,
    DeletionRequested,
    ProposeUpdate,
    UpdatePending,
    Done,
    LostLinkTitle,
    SendNewLink,
    LinkSent,
    NavResources,
    NavAbout,
    WriteToGroup,
    ContactTitle,
    ContactIntro,
    ContactIntroJerusalem,
    YourName,
    YourEmail,
    MessageLabel,
    SendMessage,
    MessageSent,
    ResourcesTitle,
    ResourcesIntro,
    KindLabel,
    AllKinds,
    TopicLabel,
    AllTopics,
    AllLanguages,
    NoResources,
    KindReport,
    KindToolkit,
    KindVideo,
    KindCampaign,
    KindArticle,
    KindPodcast,
    KindDataset,
    KindOther,
    AboutTitle,
    AboutMission,
    AboutPrivacy,
    EmbedTitle,
    EmbedHelp,
    EmbedCode,
    FeedTitle,
    FeedHelp,
    ApiTitle,
    ApiHelp,
    ViewFullMap,
    RelatedResources,
}

/// The reader's language, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn t(&self, msg: Msg) -> &'static str {
        self.lang.get().text(msg)
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

/// Fills `{n}` in a translated pattern.
pub fn with_count(pattern: &str, n: impl std::fmt::Display) -> String {
    pattern.replace("{n}", &n.to_string())
}

/// The message for a broken rule (the `rule` of a field error from `shared` or the server).
pub fn rule_message(rule: &str) -> Msg {
    match rule {
        "required" => Msg::RuleRequired,
        "too_short" => Msg::RuleTooShort,
        "too_long" | "too_many_values" => Msg::RuleTooLong,
        "markup_not_allowed" => Msg::RuleMarkup,
        "control_characters" => Msg::RuleControl,
        "invalid_email" => Msg::RuleEmail,
        "invalid_url" => Msg::RuleUrl,
        "out_of_range" | "not_a_number" => Msg::RuleRange,
        "invalid_choice" | "invalid_key" | "unknown_category" | "unknown_focus_area"
        | "unknown_country" | "invalid_language" => Msg::RuleChoice,
        "consent_required" => Msg::RuleConsent,
        "too_fast" => Msg::RuleTooFast,
        "invalid_form_token" | "form_expired" | "form_token_used" => Msg::RuleFormToken,
        _ => Msg::RuleOther,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_tags_map_to_our_languages() {
        assert_eq!(Lang::from_code("ar-PS"), Some(Lang::Ar));
        assert_eq!(Lang::from_code("fr_FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("de"), None);
    }
}
