//! `/api/v1/submissions` and `/api/v1/form-token`: joining the map.

pub mod check;
pub mod create;
pub mod form_token;

use std::time::SystemTime;

use shared::domain::FieldError;

use crate::config::JoinSettings;
use crate::secrets::UsableFormToken;

/// Adds the form token's verdict to the field errors of a form. A good token is returned, to be
/// used up by the write it allows (and only if that write happens).
pub fn check_form_token(
    settings: &JoinSettings,
    token: &str,
    errors: &mut Vec<FieldError>,
) -> Option<UsableFormToken> {
    settings
        .form_key
        .check("form_token", token, settings.min_fill, SystemTime::now())
        .map_err(|e| errors.push(e))
        .ok()
}
