//! Every user-facing string, in every language: the tables generated from `locales/` by
//! `build.rs`, and the few rules around them (plural categories, placeholders, the
//! pseudo-locale). The server (e-mails, pages) and the browser read the same tables.
//!
//! Namespaces are separate modules so that a bundle only carries what it uses: the map bundle
//! reads `map`, the pages bundle (join, owner, contact, resources, about) `map` and `pages`, the
//! dashboard `admin` too, the server `email`. Unreferenced tables are dropped by the linker.

mod plural;
mod pseudo;

pub use plural::{PluralCategory, plural_category};

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

pub use admin::{AdminCount, AdminMsg};
pub use email::{EmailCount, EmailMsg};
pub use events::{EventsCount, EventsMsg};
pub use map::{Count, Msg};
pub use pages::{PagesCount, PagesMsg};
pub use site::{SiteCount, SiteMsg};

/// `text` in the pseudo-locale (for data that has translations outside `locales/`: the names
/// of categories and focus areas).
pub fn pseudo(text: &str) -> &'static str {
    pseudo::localize(text)
}

/// A resource kind's name.
pub fn resource_kind_name(kind: crate::domain::ResourceKind) -> PagesMsg {
    use crate::domain::ResourceKind;
    match kind {
        ResourceKind::Report => PagesMsg::KindReport,
        ResourceKind::Toolkit => PagesMsg::KindToolkit,
        ResourceKind::Video => PagesMsg::KindVideo,
        ResourceKind::Campaign => PagesMsg::KindCampaign,
        ResourceKind::Article => PagesMsg::KindArticle,
        ResourceKind::Podcast => PagesMsg::KindPodcast,
        ResourceKind::Dataset => PagesMsg::KindDataset,
        ResourceKind::Other => PagesMsg::KindOther,
    }
}

/// An event kind's name (the map's events layer, the event pages, the dashboard).
pub fn event_kind_name(kind: crate::domain::EventKind) -> EventsMsg {
    use crate::domain::EventKind;
    match kind {
        EventKind::Action => EventsMsg::KindAction,
        EventKind::Vigil => EventsMsg::KindVigil,
        EventKind::Talk => EventsMsg::KindTalk,
        EventKind::Screening => EventsMsg::KindScreening,
        EventKind::Fundraiser => EventsMsg::KindFundraiser,
        EventKind::Other => EventsMsg::KindOther,
    }
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
        crate::api::OUTSIDE_JERUSALEM => PagesMsg::RuleOutsideJerusalem,
        "too_fast" => PagesMsg::RuleTooFast,
        "invalid_entry" | "unknown_entry" | "same_entry" => PagesMsg::RuleEntry,
        "invalid_form_token" | "form_expired" | "form_token_used" => PagesMsg::RuleFormToken,
        // An event's times and place (issue #19).
        "ends_before_start" => PagesMsg::RuleEndsBeforeStart,
        "in_the_past" => PagesMsg::RuleInThePast,
        "too_far_ahead" => PagesMsg::RuleTooFarAhead,
        "invalid_time_zone" => PagesMsg::RuleTimeZone,
        "nonexistent_local_time" => PagesMsg::RuleNoSuchTime,
        "online_event_has_no_place" => PagesMsg::RuleOnlineNoPlace,
        _ => PagesMsg::RuleOther,
    }
}

/// The words for an event draft's own rules, which the generic [`rule_message`] does not have
/// (`too_long` on `ends_at` is the event's length, not a text's). `None`: the generic words.
pub fn event_rule_message(field: &str, rule: &str) -> Option<EventsMsg> {
    let field = field.split('[').next().unwrap_or(field);
    Some(match (field, rule) {
        (_, "ends_before_start") => EventsMsg::RuleEndsBeforeStart,
        (_, "in_the_past") => EventsMsg::RuleInThePast,
        (_, "too_far_ahead") => EventsMsg::RuleTooFarAhead,
        ("ends_at", "too_long") => EventsMsg::RuleTooLongEvent,
        (_, "invalid_time_zone") => EventsMsg::RuleTimeZone,
        (_, "nonexistent_local_time") => EventsMsg::RuleNoSuchTime,
        (_, "online_event_has_no_place") => EventsMsg::RuleOnlineNoPlace,
        ("starts_at" | "ends_at", "invalid_format") => EventsMsg::RuleTimeFormat,
        _ => return None,
    })
}

/// A plain message of any namespace.
pub trait Message: Copy {
    fn key(self) -> &'static str;
    fn source_text(self, lang: Lang) -> &'static str;
}

/// A counted message of any namespace.
pub trait Counted: Copy {
    fn key(self) -> &'static str;
    fn forms(self, lang: Lang) -> &'static [Option<&'static str>; 6];
}

macro_rules! namespace_traits {
    ($($msg:ty, $count:ty);*) => {$(
        impl Message for $msg {
            fn key(self) -> &'static str { <$msg>::key(self) }
            fn source_text(self, lang: Lang) -> &'static str { <$msg>::source_text(self, lang) }
        }
        impl Counted for $count {
            fn key(self) -> &'static str { <$count>::key(self) }
            fn forms(self, lang: Lang) -> &'static [Option<&'static str>; 6] { <$count>::forms(self, lang) }
        }
    )*};
}

namespace_traits!(
    Msg, Count;
    PagesMsg, PagesCount;
    AdminMsg, AdminCount;
    EmailMsg, EmailCount;
    SiteMsg, SiteCount;
    EventsMsg, EventsCount
);

impl Lang {
    /// The language of a BCP 47 tag (`ar-PS` → Arabic), `en-XA` for the pseudo-locale.
    pub fn from_code(code: &str) -> Option<Self> {
        if code.eq_ignore_ascii_case(Lang::Pseudo.code()) {
            return Some(Lang::Pseudo);
        }
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The tag whose CLDR data applies (the pseudo-locale follows its source language).
    pub fn cldr_code(self) -> &'static str {
        if self == Lang::Pseudo {
            Lang::SOURCE.code()
        } else {
            self.code()
        }
    }

    /// A message in this language.
    pub fn text(self, message: impl Message) -> &'static str {
        let text = message.source_text(self);
        if self == Lang::Pseudo {
            pseudo::localize(text)
        } else {
            text
        }
    }

    /// A message with its `{{placeholders}}` filled.
    pub fn format(self, message: impl Message, args: &[(&str, &str)]) -> String {
        fill(self.text(message), args)
    }

    /// A counted message for `n`, in the form the language's plural rules choose, with `{{n}}`
    /// and any other placeholder filled.
    pub fn count(self, message: impl Counted, n: u64, args: &[(&str, &str)]) -> String {
        let forms = message.forms(self);
        let category = plural_category(self, n);
        let pattern = forms[category as usize]
            .or(forms[PluralCategory::Other as usize])
            .unwrap_or_default();
        let pattern = if self == Lang::Pseudo {
            pseudo::localize(pattern)
        } else {
            pattern
        };
        let number = n.to_string();
        let mut all = vec![("n", number.as_str())];
        all.extend_from_slice(args);
        fill(pattern, &all)
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::SOURCE
    }
}

impl Lang {
    /// One of the real languages, by its exact code (what the API accepts).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Lang::parse(&code).ok_or_else(|| serde::de::Error::custom("invalid_language"))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Lang {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Lang")
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Lang {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(Lang::ALL.map(Lang::code)))
            .description(Some("An interface language (BCP 47 code)."))
            .into()
    }
}

/// Replaces each `{{name}}` of `pattern` by its value in `args`; unknown names stay as they are
/// (the locale check makes sure every language uses the source's names).
pub fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        let name = after[..end].trim();
        match args.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill("{{a}} and {{ b }}, {{c}}", &[("b", "2"), ("a", "1")]),
            "1 and 2, {{c}}"
        );
        assert_eq!(fill("no end {{a", &[("a", "1")]), "no end {{a");
    }

    #[test]
    fn browser_language_tags_map_to_our_languages() {
        assert_eq!(Lang::from_code("ar-PS"), Some(Lang::Ar));
        assert_eq!(Lang::from_code("fr_FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("en-XA"), Some(Lang::Pseudo));
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn the_pseudo_locale_is_not_offered_to_readers() {
        assert!(!Lang::ALL.contains(&Lang::Pseudo));
        assert_eq!(Lang::ALL[0], Lang::SOURCE);
    }
}
