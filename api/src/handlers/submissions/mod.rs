//! `/api/v1/submissions` and `/api/v1/form-token`: joining the map.

pub mod check;
pub mod create;
pub mod form_token;

use std::time::SystemTime;

use shared::domain::FieldError;

use crate::config::JoinSettings;

/// Adds the form token's verdict to the field errors of a form.
pub fn check_form_token(settings: &JoinSettings, token: &str, errors: &mut Vec<FieldError>) {
    if let Err(e) =
        settings
            .form_key
            .check("form_token", token, settings.min_fill, SystemTime::now())
    {
        errors.push(e);
    }
}
