use leptos::prelude::*;
use shared::domain::FieldError;

use crate::i18n::{I18n, rule_message};

/// Whether any error concerns `field` (or one of its items, `field[2]`).
pub fn has_error(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|e| concerns(e, field))
}

fn concerns(error: &FieldError, field: &str) -> bool {
    error.field == field
        || error
            .field
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The id of a field's error text, for `aria-describedby`.
pub fn error_id(field: &str) -> String {
    format!("{field}-error")
}

/// The id of a field's help text, for `aria-describedby`.
pub fn help_id(field: &str) -> String {
    format!("{field}-help")
}

/// A field's `aria-describedby`: its help text if it has one, then its errors while it has any.
pub fn described_by(field: &str, has_help: bool, invalid: bool) -> String {
    let mut ids = Vec::new();
    if has_help {
        ids.push(help_id(field));
    }
    if invalid {
        ids.push(error_id(field));
    }
    ids.join(" ")
}

/// A field's errors, in the reader's language, next to the field. `id` names the text when
/// the field's name is not unique on the page (one field per row of a table).
#[component]
pub fn FieldErrors(
    #[prop(into)] field: String,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let id = id.unwrap_or_else(|| error_id(&field));
    move || {
        let messages: Vec<&'static str> = errors.with(|all| {
            all.iter()
                .filter(|e| concerns(e, &field))
                .map(|e| i18n.t(rule_message(&e.rule)))
                .collect()
        });
        (!messages.is_empty()).then(|| {
            view! { <p class="field-error" id=id.clone()>{messages.join(" ")}</p> }
        })
    }
}
