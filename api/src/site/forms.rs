//! What the server's forms share: the posted fields, errors shown next to each field and in
//! a summary, and fields marked up the way the app marks them up.

use maud::{Markup, html};
use shared::domain::FieldError;
use shared::i18n::{Message, rule_message};

use super::Reader;

/// A posted form's fields, in order (a checkbox list repeats its name).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Posted(Vec<(String, String)>);

impl Posted {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The first value of a field, empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A field's value, `None` when absent or blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        let value = self.get(name).trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// Field errors in the reader's words.
pub struct Errors<'a> {
    reader: &'a Reader,
    errors: Vec<(String, &'static str)>,
}

impl<'a> Errors<'a> {
    pub fn none(reader: &'a Reader) -> Self {
        Self {
            reader,
            errors: Vec::new(),
        }
    }

    /// `special` words a rule the generic messages do not cover (the join form's place).
    pub fn new(
        reader: &'a Reader,
        errors: &[FieldError],
        special: impl Fn(&str) -> Option<&'static str>,
    ) -> Self {
        let errors = errors
            .iter()
            // The honeypot is for programs: a person never sees it, nor its error.
            .filter(|e| e.field != "homepage")
            .map(|e| {
                let message = special(&e.rule).unwrap_or_else(|| reader.t(rule_message(&e.rule)));
                // A list field's error (`focus_areas[2]`) belongs to the list.
                let field = e.field.split('[').next().unwrap_or(&e.field).to_owned();
                (field, message)
            })
            .collect();
        Self { reader, errors }
    }

    pub fn of(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| *m)
    }

    pub fn summary(&self) -> Markup {
        super::layout::error_summary(self.reader, &self.errors)
    }

    /// The error under a field, and the attributes that tie it to the field.
    pub fn message(&self, field: &str) -> Markup {
        html! {
            @if let Some(message) = self.of(field) {
                p class="field-error" id=(format!("{field}-error")) { (message) }
            }
        }
    }

    pub fn described_by(&self, field: &str, help: bool) -> Option<String> {
        let mut ids = Vec::new();
        if help {
            ids.push(format!("{field}-help"));
        }
        if self.of(field).is_some() {
            ids.push(format!("{field}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    pub fn invalid(&self, field: &str) -> Option<&'static str> {
        self.of(field).map(|_| "true")
    }
}

/// How a text field is typed and filled in.
#[derive(Clone, Copy)]
pub struct TextKind {
    pub input_type: &'static str,
    pub autocomplete: Option<&'static str>,
    pub maxlength: usize,
    pub required: bool,
    pub lang: Option<&'static str>,
}

impl TextKind {
    pub const fn text(maxlength: usize) -> Self {
        Self {
            input_type: "text",
            autocomplete: None,
            maxlength,
            required: false,
            lang: None,
        }
    }

    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    pub const fn typed(self, input_type: &'static str, autocomplete: &'static str) -> Self {
        Self {
            input_type,
            autocomplete: Some(autocomplete),
            ..self
        }
    }

    pub const fn in_lang(self, lang: &'static str) -> Self {
        Self {
            lang: Some(lang),
            ..self
        }
    }
}

/// A labelled text field with its help and error.
pub fn text_field(
    reader: &Reader,
    errors: &Errors,
    id: &str,
    label: impl Message,
    help: Option<&str>,
    kind: TextKind,
    value: &str,
) -> Markup {
    html! {
        div class="field" {
            label for=(id) { (reader.t(label)) }
            @if let Some(help) = help { p class="help" id=(format!("{id}-help")) { (help) } }
            (errors.message(id))
            input id=(id) name=(id) type=(kind.input_type) value=(value)
                maxlength=(kind.maxlength) required[kind.required] lang=[kind.lang] dir="auto"
                autocomplete=[kind.autocomplete]
                aria-invalid=[errors.invalid(id)] aria-describedby=[errors.described_by(id, help.is_some())];
        }
    }
}

/// The fields every public form posts: the form token and the honeypot. (The language travels
/// in the form's action URL.)
pub fn hidden_fields(reader: &Reader, form_token: &str) -> Markup {
    html! {
        input type="hidden" name="form_token" value=(form_token);
        div class="field honeypot" aria-hidden="true" {
            label for="homepage" { (reader.t(shared::i18n::PagesMsg::HoneypotLabel)) }
            input id="homepage" name="homepage" type="text" tabindex="-1" autocomplete="off";
        }
    }
}
